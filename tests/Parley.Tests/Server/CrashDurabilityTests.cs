using Microsoft.Data.Sqlite;
using Parley.Protocol.Irc;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>History's promise, with real processes: whatever any client received is in history after the server is
/// killed with SIGKILL in the middle of heavy traffic, each message exactly once.</summary>
public sealed class CrashDurabilityTests
{
    private const int Senders = 4;
    private const int ReceivedBeforeKill = 3000;

    [Fact]
    public async Task Every_message_a_client_received_before_kill_9_is_in_history_exactly_once_after_a_restart()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("parley-crash-");
        var dataDirectory = data.File("data");
        // Four unthrottled senders can pass the default 10,000 messages a room keeps before the kill, and retention's
        // first run after the restart would then rightly delete the oldest: keep everything, this test is about crashes.
        var keepAll = new Dictionary<string, string> { ["PARLEY__History__MaxMessagesPerTarget"] = "0" };
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, ["--data", dataDirectory], environment: keepAll);
        var received = new List<string>();
        await using (server)
        {
            await using var reader = await LineClient.ConnectAsync(port, "reader", cancel);
            await reader.SendAsync("CAP LS 302", "CAP REQ :message-tags", "NICK reader", "USER reader 0 * :reader", "CAP END");
            await reader.ExpectAsync(l => LineClient.Command(l) is "376" or "422");
            await reader.JoinAsync("#lobby");

            var senders = new List<LineClient>();
            for (var i = 0; i < Senders; i++)
            {
                var sender = await LineClient.RegisterAsync(port, $"sender{i}", cancel);
                await sender.JoinAsync("#lobby");
                senders.Add(sender);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var sending = senders.Select((s, i) => SendUntilStoppedAsync(s, i, stop.Token)).ToList();

            var count = 0;
            received.AddRange(await reader.ReadUntilAsync(l => LineClient.Command(l) == "PRIVMSG" && ++count >= ReceivedBeforeKill,
                TimeSpan.FromSeconds(30)));
            server.Kill();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            received.AddRange(await ReadWhatIsLeftAsync(reader));
            await stop.CancelAsync();
            await Task.WhenAll(sending);
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }

        var messages = received.Select(l => IrcParser.Parse(l)!).Where(m => m.Command == "PRIVMSG").ToList();
        Assert.True(messages.Count >= ReceivedBeforeKill, $"only {messages.Count} messages were received");

        // The server starts again on the same directory (the log left by the crash is recovered, the check passes).
        var (again, againPort) = await ParleyProcess.StartServerAsync(cancel, ["--data", dataDirectory], environment: keepAll);
        await using (again)
        {
            // Serving (and so past its start-up) before it is asked to stop.
            await (await LineClient.RegisterAsync(againPort, "check", cancel)).DisposeAsync();
            again.Terminate();
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }

        var stored = ReadHistory(Path.Combine(dataDirectory, "parley.db"));
        foreach (var message in messages)
        {
            var msgid = message.Tags.Single(t => t.Key == "msgid").Value;
            Assert.True(stored.TryGetValue(msgid, out var rows), $"received {msgid} ({message.Parameters[1]}) is not in history");
            Assert.Equal([message.Parameters[1]], rows);
        }
        Assert.Equal(messages.Count, messages.Select(m => m.Parameters[1]).Distinct().Count());
    }

    /// <summary>Sends PRIVMSGs to #lobby in writes of 20 as fast as the socket takes them, until stopped or the server
    /// is gone.</summary>
    private static async Task SendUntilStoppedAsync(LineClient sender, int index, CancellationToken stop)
    {
        var sequence = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lines = Enumerable.Range(0, 20).Select(_ => $"PRIVMSG #lobby :sender{index} message {++sequence}").ToArray();
                await sender.SendAsync(lines);
                sender.TakeReceived(); // its own echo-less view of the room: not needed
            }
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
        {
            // The server was killed.
        }
    }

    /// <summary>Whatever reached the reader before its connection died with the server.</summary>
    private static async Task<List<string>> ReadWhatIsLeftAsync(LineClient reader)
    {
        try
        {
            return await reader.ReadToEndAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            return reader.TakeReceived();
        }
    }

    /// <summary>msgid → the texts stored under it, read straight from the database file.</summary>
    private static Dictionary<string, List<string>> ReadHistory(string file)
    {
        var stored = new Dictionary<string, List<string>>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT msgid, text FROM messages";
        using var rows = query.ExecuteReader();
        while (rows.Read())
        {
            var msgid = rows.GetString(0);
            if (!stored.TryGetValue(msgid, out var texts))
            {
                stored[msgid] = texts = [];
            }
            texts.Add(rows.GetString(1));
        }
        return stored;
    }
}
