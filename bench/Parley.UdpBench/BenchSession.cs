using System.Net;
using System.Text;
using System.Threading.Channels;
using Parley.Client.Connection;
using Parley.Protocol.Udp.Reliability;

namespace Parley.UdpBench;

/// <summary>One IRC client over a <see cref="DatagramSession"/> that asked for echo-message: it sends room messages
/// and gets each one back, so a single session measures the round trip through the server.</summary>
internal sealed class BenchSession : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reader;

    private BenchSession(DatagramSession session)
    {
        Session = session;
        _reader = Task.Run(ReadAsync);
    }

    public DatagramSession Session { get; }

    public ChannelReader<string> Lines => _lines.Reader;

    public static async Task<BenchSession> OpenAsync(IPEndPoint server, string nick, string room, CancellationToken cancel)
    {
        var client = new BenchSession(await DatagramSession.ConnectAsync(server, TimeSpan.FromSeconds(30), cancel));
        client.Send("CAP LS 302", "CAP REQ :echo-message", $"NICK {nick}", $"USER {nick} 0 * :{nick}", "CAP END", $"JOIN {room}");
        await foreach (var line in client.Lines.ReadAllAsync(cancel))
        {
            if (line.Contains(" 366 ", StringComparison.Ordinal))
            {
                return client;
            }
        }
        throw new IOException("the session ended before the room was joined");
    }

    /// <summary>Queues lines; false when the session's send buffer is full (the caller waits for echoes first).</summary>
    public bool Send(params string[] lines) =>
        Session.Send(lines.Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)).ToList()) == SendResult.Queued;

    private async Task ReadAsync()
    {
        while (await Session.ReceiveAsync() is { } message)
        {
            var line = Encoding.UTF8.GetString(message.Span);
            if (line.StartsWith("PING ", StringComparison.Ordinal))
            {
                Send("PONG " + line[5..]);
                continue;
            }
            _lines.Writer.TryWrite(line);
        }
        _lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        Send("QUIT :done");
        await Session.DisposeAsync();
        await _reader;
    }
}
