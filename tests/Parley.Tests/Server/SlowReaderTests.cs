using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>A client that stops reading fills only its own bounded queue: it is cut off, and nobody else waits for it.</summary>
public sealed class SlowReaderTests
{
    private const string Room = "#busy";
    private static readonly string Padding = new('x', 300);

    [Fact(Timeout = 30_000)]
    public async Task A_member_that_never_reads_is_cut_off_with_SendQ_exceeded_and_the_others_get_every_message()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o =>
        {
            o.Limits.SendQueueBytes = 128 * 1024; // small, yet well above one burst of the sender
            o.Limits.Exempt = "127.0.0.0/8"; // the sender floods on purpose
        });
        await using var sender = await LineClient.RegisterAsync(server.Port(), "sender", cancel);
        await sender.JoinAsync(Room);
        var observers = new List<LineClient>();
        for (var i = 0; i < 3; i++)
        {
            var observer = await LineClient.RegisterAsync(server.Port(), $"observer{i}", cancel);
            observers.Add(observer);
            await observer.JoinAsync(Room);
        }

        // The slow reader asks for a small receive window and then never calls receive.
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync(IPAddress.Loopback, server.Port(), cancel);
        await slow.SendAsync(Encoding.ASCII.GetBytes($"NICK slow\r\nUSER slow 0 * :slow\r\nJOIN {Room}\r\n"), SocketFlags.None, cancel);
        await observers[0].ExpectAsync(l => l.StartsWith(":slow!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");

        try
        {
            // Flood the room in bursts until the slow reader is cut off; how much that takes depends on the kernel's
            // socket buffers, so the loop asks rather than assumes. Each burst waits until every reading member has it,
            // so their queues never hold more than one burst: only the member that does not read can overflow.
            var seen = observers.Select(_ => new List<string>()).ToArray();
            var sent = 0;
            while (!seen[0].Any(IsSlowCutOff))
            {
                Assert.True(sent < 100_000, "the slow reader was never cut off");
                sent = await SendBurstAsync(sender, sent, 100);
                await ReadAllAsync(observers, seen, $" :msg {sent} {Padding}");
            }

            // After the cut-off the room goes on as before.
            sent = await SendBurstAsync(sender, sent, 50);
            await sender.SendAsync($"PRIVMSG {Room} :the end");
            await ReadAllAsync(observers, seen, " :the end");
            for (var i = 0; i < observers.Count; i++)
            {
                AssertAllMessages(observers[i].Name, seen[i], sent);
            }

            // The server lets go of the slow reader's connection without waiting for it to read what was queued.
            var slowPort = ((IPEndPoint)slow.LocalEndPoint!).Port;
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (ServerSideIsEstablished(server.Port(), slowPort))
            {
                Assert.True(DateTime.UtcNow < deadline, "the server still holds the slow reader's connection open");
                await Task.Delay(100, cancel);
            }
        }
        finally
        {
            foreach (var observer in observers)
            {
                await observer.DisposeAsync();
            }
        }
    }

    private static bool IsSlowCutOff(string line) =>
        line.StartsWith(":slow!", StringComparison.Ordinal) && LineClient.Command(line) == "QUIT" && line.EndsWith(":SendQ exceeded", StringComparison.Ordinal);

    private static async Task<int> SendBurstAsync(LineClient sender, int sent, int count)
    {
        var lines = Enumerable.Range(sent + 1, count).Select(i => $"PRIVMSG {Room} :msg {i} {Padding}").ToArray();
        await sender.SendAsync(lines);
        return sent + count;
    }

    private static Task ReadAllAsync(List<LineClient> observers, List<string>[] seen, string lastLineEnd) =>
        Task.WhenAll(observers.Select(async (observer, i) =>
            seen[i].AddRange(await observer.ReadUntilAsync(l => l.EndsWith(lastLineEnd, StringComparison.Ordinal)))));

    private static void AssertAllMessages(string who, List<string> lines, int sent)
    {
        var numbers = lines
            .Where(l => LineClient.Command(l) == "PRIVMSG" && l.Contains(" :msg ", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(" :msg ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(numbers.SequenceEqual(Enumerable.Range(1, sent)), $"{who} got {numbers.Count} of {sent} messages, or out of order");
        Assert.Equal(1, lines.Count(IsSlowCutOff));
    }

    private static bool ServerSideIsEstablished(int serverPort, int clientPort) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections().Any(c =>
            c.LocalEndPoint.Port == serverPort && c.RemoteEndPoint.Port == clientPort && c.State == TcpState.Established);
}
