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

    /// <summary>What to say about the path when nothing arrives for <see cref="StallTimeout"/>.</summary>
    public Func<string> DescribeStall { get; set; } = () => "";

    /// <summary>How long the bench waits for the next line before it calls the run stalled.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The next line from the server; fails with <see cref="DescribeStall"/> when none comes in time.</summary>
    public async Task<string> NextLineAsync(CancellationToken cancel)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancel).AsTask().WaitAsync(StallTimeout, cancel);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"nothing from the server for {StallTimeout.TotalSeconds} s: {DescribeStall()}");
        }
    }

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
        _lines.Writer.TryComplete(new IOException($"the session ended: {Session.Closed}"));
    }

    public async ValueTask DisposeAsync()
    {
        Send("QUIT :done");
        await Session.DisposeAsync();
        await _reader;
    }
}
