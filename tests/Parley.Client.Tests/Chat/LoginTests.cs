using System.Text;
using Parley.Client.Chat;
using Parley.Protocol.Irc;

namespace Parley.Client.Tests.Chat;

/// <summary>Logging in to an account while registering: sasl is asked for, SASL PLAIN runs, and CAP END waits for it.</summary>
public sealed class LoginTests
{
    private static ChatClient NewClient(string password = "correct-horse") =>
        new(new ClientOptions { Nick = "alice", Account = "alice", Password = password }, new Random(1));

    private static List<string> Wire(ClientOutput output) => output.Messages.Select(IrcWriter.ToLine).ToList();

    private static ClientOutput Receive(ChatClient client, string line) => client.Receive(IrcParser.Parse(line)!);

    [Fact]
    public void Sasl_plain_runs_between_cap_ack_and_cap_end()
    {
        var client = NewClient();
        client.Start();
        Assert.Equal(["CAP REQ :echo-message sasl"], Wire(Receive(client, ":srv CAP * LS :sasl=PLAIN,EXTERNAL echo-message")));
        Assert.Equal(["AUTHENTICATE PLAIN"], Wire(Receive(client, ":srv CAP alice ACK :echo-message sasl")));
        var response = Assert.Single(Wire(Receive(client, "AUTHENTICATE +")));
        Assert.Equal("\0alice\0correct-horse", Encoding.UTF8.GetString(Convert.FromBase64String(response["AUTHENTICATE ".Length..])));
        var loggedIn = Receive(client, ":srv 900 alice alice!~alice@host alice :You are now logged in as alice");
        Assert.Equal(["Logged in as alice."], loggedIn.Lines);
        Assert.Empty(loggedIn.Messages);
        Assert.Equal("alice", client.Account);
        var success = Receive(client, ":srv 903 alice :SASL authentication successful");
        Assert.Equal(["CAP END"], Wire(success));
        Assert.Empty(success.Lines);
    }

    [Fact]
    public void A_refused_login_is_reported_and_registration_goes_on()
    {
        var client = NewClient();
        client.Start();
        Receive(client, ":srv CAP * LS :sasl");
        Receive(client, ":srv CAP alice ACK :sasl");
        Receive(client, "AUTHENTICATE +");
        var refused = Receive(client, ":srv 904 alice :SASL authentication failed: invalid account or password");
        Assert.Equal(["CAP END"], Wire(refused));
        Assert.Equal(["Error: could not log in as alice: SASL authentication failed: invalid account or password"], refused.Lines);
        Assert.Null(client.Account);
    }

    [Fact]
    public void Without_sasl_on_offer_the_user_is_told_and_registration_goes_on()
    {
        var client = NewClient();
        client.Start();
        var ls = Receive(client, ":srv CAP * LS :echo-message");
        Assert.Equal(["CAP REQ echo-message"], Wire(ls));
        Assert.Equal(["Error: the server does not offer SASL: not logged in as alice."], ls.Lines);
        var ack = Receive(client, ":srv CAP alice ACK :echo-message");
        Assert.Equal(["CAP END"], Wire(ack));
        Assert.Empty(ack.Lines);
    }

    [Fact]
    public void A_long_response_goes_in_400_byte_pieces_ending_with_a_plus_after_an_exact_multiple()
    {
        // "\0alice\0" is 7 bytes; 593 more make 600 bytes, whose base64 is exactly 800 characters.
        var client = NewClient(new string('p', 593));
        client.Start();
        Receive(client, ":srv CAP * LS :sasl");
        Receive(client, ":srv CAP alice ACK :sasl");
        var pieces = Wire(Receive(client, "AUTHENTICATE +")).Select(l => l["AUTHENTICATE ".Length..]).ToList();
        Assert.Equal([400, 400, 1], pieces.Select(p => p.Length));
        Assert.Equal("+", pieces[2]);
        Assert.Equal("\0alice\0" + new string('p', 593), Encoding.UTF8.GetString(Convert.FromBase64String(pieces[0] + pieces[1])));
    }

    [Fact]
    public void Without_an_account_sasl_is_not_asked_for()
    {
        var client = new ChatClient(new ClientOptions { Nick = "alice" }, new Random(1));
        client.Start();
        Assert.Equal(["CAP REQ echo-message"], Wire(Receive(client, ":srv CAP * LS :sasl echo-message")));
        Assert.Equal(["CAP END"], Wire(Receive(client, ":srv CAP alice ACK :echo-message")));
    }
}
