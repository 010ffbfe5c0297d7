using System.Diagnostics;
using Parley.Tests.Support;

namespace Parley.Tests.Weechat;

/// <summary>WeeChat (Debian's weechat-headless) against the server: it registers, joins, speaks and hears.</summary>
public sealed class WeechatTests
{
    [Fact(Timeout = 40_000)]
    public async Task Weechat_joins_the_lobby_and_exchanges_messages_with_a_raw_client()
    {
        var cancel = TestContext.Current.CancellationToken;
        RequiredPrograms.Check("weechat-headless");
        await using var server = await InProcessServer.StartAsync();
        await using var watcher = await LineClient.RegisterAsync(server.Port(), "watcher", cancel);
        await watcher.JoinAsync("#lobby");

        // Its own home; commands come in through its FIFO, what it hears is read from its channel log.
        using var home = new TempDirectory("parley-weechat-");
        var fifo = home.File("fifo");
        var startup = string.Join(';',
            "/set logger.file.flush_delay 0",
            $"/set fifo.file.path {fifo}",
            $"/server add parley 127.0.0.1/{server.Port()} -notls",
            "/set irc.server.parley.nicks weeuser",
            "/set irc.server.parley.autojoin #lobby",
            "/connect parley");
        using var weechat = Process.Start(new ProcessStartInfo("weechat-headless", ["--dir", home.Path, "-r", startup])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await watcher.ExpectAsync(l => l.StartsWith(":weeuser!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN",
                TimeSpan.FromSeconds(20));

            await watcher.SendAsync("PRIVMSG #lobby :hello from a raw socket");
            var log = await WaitForFileAsync(home.Path, "*lobby*.weechatlog", text => text.Contains("hello from a raw socket", StringComparison.Ordinal), cancel);
            Assert.Contains("watcher", log, StringComparison.Ordinal);

            await File.AppendAllTextAsync(fifo, "irc.parley.#lobby *hello from weechat\n", cancel);
            await watcher.ExpectAsync(l => l.StartsWith(":weeuser!", StringComparison.Ordinal) && l.EndsWith(" PRIVMSG #lobby :hello from weechat", StringComparison.Ordinal));

            await File.AppendAllTextAsync(fifo, "*/quit bye now\n", cancel);
            var quit = await watcher.ExpectAsync(l => l.StartsWith(":weeuser!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
            Assert.EndsWith("bye now", quit, StringComparison.Ordinal);
        }
        finally
        {
            if (!weechat.HasExited)
            {
                weechat.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> WaitForFileAsync(string root, string pattern, Func<string, bool> done, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories))
            {
                var text = await File.ReadAllTextAsync(file, cancel);
                if (done(text))
                {
                    return text;
                }
            }
            await Task.Delay(100, cancel);
        }
        throw new TimeoutException($"no {pattern} under {root} had what was awaited within 15 s");
    }
}
