using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>The plain-text door over real sockets: the exercise's netcat "sender" and silent "listener" clients.</summary>
public sealed class PlainTextOverTcpTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_word_sent_without_a_line_ending_in_one_send_reaches_an_IRC_member_of_the_lobby()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var irc = await LineClient.RegisterAsync(server.Port(), "ircuser", cancel);
        await irc.JoinAsync("#lobby");
        await using var plain = await LineClient.ConnectAsync(server.Port(), "plain", cancel);

        await plain.SendRawAsync("hello"u8.ToArray());

        await plain.ExpectAsync(l => l.StartsWith("Welcome to Parley", StringComparison.Ordinal));
        var guest = GuestNickOf(await plain.ExpectAsync(l => l.StartsWith("You are ", StringComparison.Ordinal)));
        var relayed = IrcParser.Parse(await irc.ExpectAsync(l => LineClient.Command(l) == "PRIVMSG"))!;
        Assert.StartsWith(guest + "!", relayed.Source, StringComparison.Ordinal);
        Assert.Equal(["#lobby", "hello"], relayed.Parameters);

        await irc.SendAsync("PRIVMSG #lobby :hi plain person");
        await plain.ExpectAsync(l => l == "<ircuser> hi plain person");

        // Everything the plain client got, up to the server closing, ended in a newline.
        await plain.SendRawAsync("/quit\n"u8.ToArray());
        await plain.ReadToEndAsync();
        Assert.True(plain.Unterminated.Length == 0, $"unterminated bytes at the end: '{Encoding.UTF8.GetString(plain.Unterminated)}'");
    }

    [Fact(Timeout = 20_000)]
    public async Task A_silent_connection_is_greeted_as_a_plain_listener_and_receives_room_messages()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var irc = await LineClient.RegisterAsync(server.Port(), "ircuser", cancel);
        await irc.JoinAsync("#lobby");
        await using var listener = await LineClient.ConnectAsync(server.Port(), "listener", cancel);

        // Silence is taken for plain text after 1.5 s; the greeting comes right after (3 s leaves room for a busy machine).
        await listener.ExpectAsync(l => l.StartsWith("Welcome to Parley", StringComparison.Ordinal), TimeSpan.FromSeconds(3));
        var guest = GuestNickOf(await listener.ExpectAsync(l => l.StartsWith("You are ", StringComparison.Ordinal)));
        await irc.ExpectAsync(l => l.StartsWith($":{guest}!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");

        await irc.SendAsync("PRIVMSG #lobby :is anyone listening?");
        await listener.ExpectAsync(l => l == "<ircuser> is anyone listening?");
    }

    [Fact(Timeout = 20_000)]
    public async Task Ncat_sending_an_unterminated_word_and_hanging_up_delivers_it_to_the_lobby()
    {
        var cancel = TestContext.Current.CancellationToken;
        RequiredPrograms.Check("ncat");
        await using var server = await InProcessServer.StartAsync();
        await using var irc = await LineClient.RegisterAsync(server.Port(), "ircuser", cancel);
        await irc.JoinAsync("#lobby");

        var info = new ProcessStartInfo("ncat", ["--send-only", "127.0.0.1", server.Port().ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var ncat = Process.Start(info)!;
        await ncat.StandardInput.WriteAsync("hello from ncat");
        ncat.StandardInput.Close(); // end of input: ncat sends what it has and hangs up

        var relayed = IrcParser.Parse(await irc.ExpectAsync(l => LineClient.Command(l) == "PRIVMSG"))!;
        Assert.Equal(["#lobby", "hello from ncat"], relayed.Parameters);
        await irc.ExpectAsync(l => LineClient.Command(l) == "QUIT" && l.StartsWith(":" + relayed.Source + " ", StringComparison.Ordinal));
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        exit.CancelAfter(TimeSpan.FromSeconds(10));
        await ncat.WaitForExitAsync(exit.Token);
        Assert.Equal(0, ncat.ExitCode);
    }

    /// <summary>The guest nick from the greeting's "You are Guest1234; type /nick ..." line.</summary>
    private static string GuestNickOf(string line) => line["You are ".Length..].Split(';', '.', ' ')[0];
}
