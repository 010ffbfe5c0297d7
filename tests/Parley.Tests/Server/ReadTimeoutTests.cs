using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Slowloris: a connection that keeps a line open without ending it is closed after Limits:PartialLineTimeoutSeconds
/// with a clear reason, whether it goes quiet mid-line or trickles a byte at a time.</summary>
public sealed class ReadTimeoutTests
{
    private const string Reason = "Read timeout: a line left unfinished for 2 seconds";

    [Fact(Timeout = 30_000)]
    public async Task A_registered_client_that_leaves_a_line_unfinished_is_closed_with_read_timeout()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.PartialLineTimeoutSeconds = 2);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);

        await alice.SendRawAsync(Encoding.ASCII.GetBytes("PRIVMSG bob :never end"));
        var end = await alice.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"ERROR :Closing Link: 127.0.0.1 ({Reason})", end[^1]);
        await bob.SyncAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_connection_that_trickles_bytes_before_any_line_ending_is_closed_with_read_timeout()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.PartialLineTimeoutSeconds = 2);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, server.Port(), cancel);

        // A byte every 100 ms: never quiet long enough to be taken as a plain-text message, never a line.
        var received = new List<byte>();
        var buffer = new byte[1024];
        var started = DateTime.UtcNow;
        for (var i = 0; DateTime.UtcNow - started < TimeSpan.FromSeconds(10); i++)
        {
            try
            {
                await socket.SendAsync(new[] { (byte)'N' }, SocketFlags.None, cancel);
            }
            catch (SocketException)
            {
                break; // closed by the server
            }
            await Task.Delay(100, cancel);
            while (socket.Available > 0)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                received.AddRange(buffer.AsSpan(0, n));
            }
            if (Encoding.ASCII.GetString([.. received]).Contains('\n'))
            {
                break;
            }
        }
        Assert.Equal($"ERROR :Closing Link: 127.0.0.1 ({Reason})\r\n", Encoding.ASCII.GetString([.. received]));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_ends_its_lines_is_never_timed_out()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.PartialLineTimeoutSeconds = 1);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        // Each line arrives in two parts half a second apart, four times: every line ends within the timeout.
        for (var i = 0; i < 4; i++)
        {
            await alice.SendRawAsync(Encoding.ASCII.GetBytes("PING par"));
            await Task.Delay(500, cancel);
            await alice.SendRawAsync(Encoding.ASCII.GetBytes($"t{i}\r\n"));
            await alice.ExpectAsync(l => l.EndsWith($"part{i}", StringComparison.Ordinal));
        }
    }
}
