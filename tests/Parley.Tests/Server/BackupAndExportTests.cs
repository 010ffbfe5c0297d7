using System.Text.Json;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>`parley admin backup` and `parley admin export` against a running server's data directory.</summary>
public sealed class BackupAndExportTests
{
    [Fact]
    public async Task A_backup_taken_during_traffic_is_one_self_contained_file_that_a_server_starts_from_and_export_reads()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory("parley-backup-");
        var data = temp.File("data");
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, ["--data", data]);
        await using (server)
        {
            await using var alice = await LineClient.RegisterAsync(port, "alice", cancel);
            await using var bob = await LineClient.RegisterAsync(port, "bob", cancel);
            await alice.JoinAsync("#lobby");
            await bob.JoinAsync("#lobby");
            for (var i = 0; i < 50; i++)
            {
                await alice.SendAsync($"PRIVMSG #lobby :before the backup {i}");
            }
            await alice.SendAsync("PRIVMSG bob :a private word");
            await bob.ExpectAsync(l => l.EndsWith("a private word", StringComparison.Ordinal));

            // Traffic goes on while the backup runs.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var traffic = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await alice.SendAsync($"PRIVMSG #lobby :during the backup {i}");
                    await Task.Delay(2, CancellationToken.None);
                }
            }, CancellationToken.None);
            var backup = temp.File("backup.db");
            var (code, output) = await RunAsync(cancel, "admin", "backup", backup, "--data", data);
            await stop.CancelAsync();
            await traffic;
            Assert.True(code == 0, string.Join('\n', output));
            Assert.Contains(output, l => l.Contains("quick_check ok", StringComparison.Ordinal));
            Assert.False(File.Exists(backup + "-wal"));
            Assert.False(File.Exists(backup + ".partial"));

            // The backup alone is a data directory a server starts from.
            var restored = temp.File("restored");
            Directory.CreateDirectory(restored);
            File.Copy(backup, Path.Combine(restored, "parley.db"));
            var (second, secondPort) = await ParleyProcess.StartServerAsync(cancel, ["--data", restored]);
            await using (second)
            {
                // Serving (and so past its start-up) before it is asked to stop.
            await (await LineClient.RegisterAsync(secondPort, "check", cancel)).DisposeAsync();
            second.Terminate();
                var exit = await second.WaitForExitAsync(TimeSpan.FromSeconds(20));
                Assert.True(exit == 0, $"exit {exit}: {string.Join('\n', second.Stdout)} {string.Join('\n', second.Stderr)}");
            }

            var (textCode, text) = await RunAsync(cancel, "admin", "export", "--room", "#LOBBY", "--data", restored, "--format", "txt");
            Assert.Equal(0, textCode);
            var beforeBackup = text.Where(l => l.Contains("before the backup", StringComparison.Ordinal)).ToList();
            Assert.Equal(50, beforeBackup.Count);
            Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] <alice> before the backup 0$", beforeBackup[0]);
            Assert.EndsWith("<alice> before the backup 49", beforeBackup[^1], StringComparison.Ordinal);

            var (jsonCode, json) = await RunAsync(cancel, "admin", "export", "--private", "BOB,alice", "--data", restored, "--format", "jsonl");
            Assert.Equal(0, jsonCode);
            var only = Assert.Single(json);
            using var document = JsonDocument.Parse(only);
            var message = document.RootElement;
            Assert.Equal("a private word", message.GetProperty("text").GetString());
            Assert.Equal("PRIVMSG", message.GetProperty("command").GetString());
            Assert.StartsWith("alice!", message.GetProperty("sender").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(message.GetProperty("msgid").GetString()));
            Assert.True(message.GetProperty("time").TryGetDateTimeOffset(out _));

            // Export reads the live database too, beside the running server, newest N with --limit.
            var (liveCode, live) = await RunAsync(cancel, "admin", "export", "--room", "#lobby", "--data", data, "--limit", "3");
            Assert.Equal(0, liveCode);
            Assert.Equal(3, live.Count);
        }
    }

    /// <summary>Runs `parley ARGS...` to its end; returns the exit code and standard output (standard error appended).</summary>
    private static async Task<(int Code, List<string> Output)> RunAsync(CancellationToken cancel, params string[] arguments)
    {
        await using var process = ParleyProcess.Start(arguments, cancel, StdinSource.DevNull);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, code == 0 ? process.Stdout : [.. process.Stdout, .. process.Stderr]);
    }
}
