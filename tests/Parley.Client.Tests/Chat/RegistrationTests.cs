using Parley.Client.Chat;
using Parley.Protocol.Irc;

namespace Parley.Client.Tests.Chat;

public sealed class RegistrationTests
{
    private static ChatClient NewClient(string nick = "alice") => new(new ClientOptions { Nick = nick }, new Random(1));

    private static List<string> Wire(ClientOutput output) => output.Messages.Select(IrcWriter.ToLine).ToList();

    private static ClientOutput Receive(ChatClient client, string line) => client.Receive(IrcParser.Parse(line)!);

    [Fact]
    public void Start_asks_for_capabilities_then_sends_nick_and_user()
    {
        var wire = Wire(NewClient().Start());
        Assert.Equal("CAP LS 302", wire[0]);
        Assert.Equal("NICK alice", wire[1]);
        Assert.StartsWith("USER alice 0 * :", wire[2]);
    }

    [Fact]
    public void Only_wanted_capabilities_the_server_offers_are_requested()
    {
        var client = NewClient();
        client.Start();
        Assert.Equal(["CAP REQ echo-message"], Wire(Receive(client, ":srv CAP * LS :sasl=PLAIN echo-message away-notify")));
    }

    [Fact]
    public void Multiline_cap_ls_is_read_to_its_end_before_requesting()
    {
        var client = NewClient();
        client.Start();
        Assert.Empty(Receive(client, ":srv CAP * LS * :multi-prefix away-notify").Messages);
        Assert.Equal(["CAP REQ :echo-message multi-prefix"], Wire(Receive(client, ":srv CAP * LS :echo-message")));
    }

    [Fact]
    public void Negotiation_ends_after_ack_nak_or_when_nothing_is_wanted()
    {
        var acked = NewClient();
        Receive(acked, ":srv CAP * LS :echo-message");
        Assert.Equal(["CAP END"], Wire(Receive(acked, ":srv CAP * ACK :echo-message")));
        Assert.True(acked.HasCapability("echo-message"));

        var naked = NewClient();
        Receive(naked, ":srv CAP * LS :echo-message");
        Assert.Equal(["CAP END"], Wire(Receive(naked, ":srv CAP * NAK :echo-message")));
        Assert.False(naked.HasCapability("echo-message"));

        Assert.Equal(["CAP END"], Wire(Receive(NewClient(), ":srv CAP * LS :away-notify")));
    }

    [Fact]
    public void Welcome_says_connected_and_joins_the_lobby()
    {
        var client = NewClient();
        var output = Receive(client, ":srv 001 alice :Welcome to the network");
        Assert.True(output.Has(ClientSignal.Registered));
        Assert.Equal(["Connected to the chat server."], output.Lines);
        Assert.Equal(["JOIN #lobby"], Wire(output));
        Assert.Equal("#lobby", client.CurrentRoom);
    }

    [Fact]
    public void Taken_nick_is_retried_with_underscore_then_numbers()
    {
        var client = NewClient();
        client.Start();
        Assert.Equal(["NICK alice_"], Wire(Receive(client, ":srv 433 * alice :Nickname is already in use")));
        Assert.Equal(["NICK alice1"], Wire(Receive(client, ":srv 433 * alice_ :Nickname is already in use")));
        Assert.Equal(["NICK alice2"], Wire(Receive(client, ":srv 433 * alice1 :Nickname is already in use")));
        var welcome = Receive(client, ":srv 001 alice2 :Welcome");
        Assert.Equal("alice2", client.Nick);
        Assert.Contains("The nick alice was not available; you are alice2.", welcome.Lines);
    }

    [Fact]
    public void Client_gives_up_after_too_many_taken_nicks()
    {
        var client = NewClient();
        client.Start();
        ClientOutput output = new();
        for (var i = 0; i < NickChoice.MaxAttempts && !output.Has(ClientSignal.GaveUp); i++)
        {
            output = Receive(client, ":srv 433 * x :Nickname is already in use");
        }
        Assert.True(output.Has(ClientSignal.GaveUp));
        Assert.StartsWith("Error: no free nick", Assert.Single(output.Lines));
    }

    [Fact]
    public void Refused_nick_falls_back_to_a_guest_nick_once()
    {
        var client = NewClient();
        client.Start();
        var guest = Assert.Single(Wire(Receive(client, ":srv 432 * alice :Erroneous nickname")));
        Assert.Matches("^NICK guest[0-9]{4}$", guest);
        Assert.True(Receive(client, ":srv 432 * guest1234 :Erroneous nickname").Has(ClientSignal.GaveUp));
    }

    [Fact]
    public void Typing_before_the_welcome_sends_nothing()
    {
        var client = NewClient();
        client.Start();
        var output = client.Type("hello");
        Assert.Empty(output.Messages);
        Assert.Single(output.Lines);
    }
}
