using System.Net.Sockets;
using System.Text;

namespace Parley.Tests.Client.Support;

/// <summary>A minimal IRC client on a raw socket: the other person in the room, driven by the test.</summary>
internal sealed class IrcPeer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private readonly StreamWriter _writer;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly Task _reading;

    private IrcPeer(TcpClient tcp)
    {
        _tcp = tcp;
        var stream = tcp.GetStream();
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        _reading = Task.Run(() => ReadAsync(new StreamReader(stream, Encoding.UTF8)));
    }

    /// <summary>Connects, registers as <paramref name="nick"/> and joins <paramref name="room"/>.</summary>
    public static async Task<IrcPeer> JoinAsync(int port, string nick, string room)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        var peer = new IrcPeer(tcp);
        await peer.SendAsync($"NICK {nick}");
        await peer.SendAsync($"USER {nick} 0 * :{nick}");
        await peer.WaitForAsync(l => l.Contains(" 001 ", StringComparison.Ordinal), "the welcome");
        await peer.SendAsync($"JOIN {room}");
        await peer.WaitForAsync(l => l.Contains($" 366 {nick} {room} ", StringComparison.Ordinal), $"the end of NAMES of {room}");
        return peer;
    }

    public Task SendAsync(string line) => _writer.WriteLineAsync(line);

    /// <summary>Waits for a line from the server that matches; fails with what arrived otherwise.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                if (_lines.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
        lock (_gate)
        {
            Assert.Fail($"the peer never received {what}; it received:\n  {string.Join("\n  ", _lines)}");
        }
        return string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    private async Task ReadAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("PING ", StringComparison.Ordinal))
            {
                await SendAsync("PONG " + line[5..]);
            }
            lock (_gate)
            {
                _lines.Add(line);
            }
        }
    }
}
