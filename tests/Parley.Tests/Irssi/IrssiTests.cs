using Parley.Tests.Support;

namespace Parley.Tests.Irssi;

/// <summary>irssi, the Debian package, against the server: driven by keys in tmux and checked from both sides.</summary>
public sealed class IrssiTests
{
    [Fact(Timeout = 30_000)]
    public async Task Irssi_joins_the_lobby_and_exchanges_messages_with_a_raw_client()
    {
        var cancel = TestContext.Current.CancellationToken;
        RequiredPrograms.Check("irssi", "tmux");
        await using var server = await InProcessServer.StartAsync();
        await using var watcher = await LineClient.RegisterAsync(server.Port(), "watcher", cancel);
        await watcher.JoinAsync("#lobby");

        // A home of its own with a minimal config: no networks or servers but the one on the command line.
        using var home = new TempDirectory("parley-irssi-");
        await File.WriteAllTextAsync(home.File("config"), """
            settings = {
              core = { real_name = "Parley Tester"; user_name = "tester"; nick = "irssiuser"; };
              "fe-common/core" = { autolog = "no"; };
            };
            """, cancel);
        await using var irssi = await TmuxSession.StartAsync(
            $"irssi --home={home.Path} -n irssiuser -c 127.0.0.1 -p {server.Port()}", cancel);
        await irssi.WaitForPaneAsync(s => s.Contains("End of /MOTD", StringComparison.Ordinal), "the end of the MOTD (registered)", TimeSpan.FromSeconds(20));

        await irssi.TypeLineAsync("/join #lobby");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");
        await irssi.WaitForPaneAsync(s => s.Contains("[#lobby]", StringComparison.Ordinal), "the #lobby window");

        await irssi.TypeLineAsync("hello from irssi");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && l.EndsWith(" PRIVMSG #lobby :hello from irssi", StringComparison.Ordinal));

        await watcher.SendAsync("PRIVMSG #lobby :hello from a raw socket");
        await irssi.WaitForPaneAsync(s => s.Split('\n').Any(l => l.Contains("watcher>", StringComparison.Ordinal) && l.Contains("hello from a raw socket", StringComparison.Ordinal)),
            "the raw client's message");

        await irssi.TypeLineAsync("/quit see you");
        var quit = await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
        Assert.EndsWith("see you", quit, StringComparison.Ordinal);
    }
}
