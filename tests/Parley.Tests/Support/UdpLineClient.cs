using System.Net;
using System.Text;
using System.Threading.Channels;
using Parley.Client.Connection;
using Parley.Protocol.Udp.Reliability;

namespace Parley.Tests.Support;

/// <summary>The UDP counterpart of <see cref="LineClient"/>: a session of Parley's datagram protocol (the client
/// library's <see cref="DatagramSession"/>) that sends IRC lines, one per message, and waits for lines matching a
/// predicate. Lines are read in the background.</summary>
public sealed class UdpLineClient : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<string> _seen = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _readLoop;

    private UdpLineClient(DatagramSession session, string name, CancellationToken cancel)
    {
        Session = session;
        Name = name;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>The protocol session underneath.</summary>
    public DatagramSession Session { get; }

    /// <summary>A label for failure messages.</summary>
    public string Name { get; }

    /// <summary>Opens a session with <paramref name="server"/> (waiting for the server to accept it).</summary>
    public static async Task<UdpLineClient> ConnectAsync(IPEndPoint server, string name, CancellationToken cancel, TimeSpan? timeout = null)
    {
        var session = await DatagramSession.ConnectAsync(server, timeout ?? TimeSpan.FromSeconds(20), cancel);
        return new UdpLineClient(session, name, cancel);
    }

    /// <summary>Connects and registers with <paramref name="nick"/>, returning once the welcome burst ended.</summary>
    public static async Task<UdpLineClient> RegisterAsync(IPEndPoint server, string nick, CancellationToken cancel, TimeSpan? timeout = null)
    {
        var client = await ConnectAsync(server, nick, cancel, timeout);
        client.Send($"NICK {nick}", $"USER {nick.ToLowerInvariant()} 0 * :{nick}");
        await client.ExpectAsync(l => LineClient.Command(l) == "001", timeout);
        await client.ExpectAsync(l => LineClient.Command(l) is "376" or "422", timeout);
        return client;
    }

    /// <summary>Queues each line as one message (they go out as the window allows).</summary>
    public void Send(params string[] lines)
    {
        var result = Session.Send(lines.Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)).ToList());
        Assert.True(result == SendResult.Queued, $"{Name}: the session did not take the lines ({result})");
    }

    /// <summary>Joins <paramref name="room"/> and waits for the end of its NAMES list.</summary>
    public async Task JoinAsync(string room, TimeSpan? timeout = null)
    {
        Send($"JOIN {room}");
        await ExpectAsync(l => LineClient.Command(l) == "366" && l.Contains(room, StringComparison.OrdinalIgnoreCase), timeout);
    }

    /// <summary>Sends PING and waits for its PONG; returns every line read until then.</summary>
    public Task<List<string>> SyncAsync(TimeSpan? timeout = null)
    {
        var token = "sync" + Guid.NewGuid().ToString("N")[..8];
        Send($"PING {token}");
        return ReadUntilAsync(l => LineClient.Command(l) == "PONG" && l.EndsWith(token, StringComparison.Ordinal), timeout);
    }

    /// <summary>Waits for a line matching <paramref name="predicate"/>.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> predicate, TimeSpan? timeout = null) => (await ReadUntilAsync(predicate, timeout))[^1];

    /// <summary>Reads lines until one matches; returns all of them, the match last.</summary>
    public async Task<List<string>> ReadUntilAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        var read = new List<string>();
        var patience = timeout ?? LineClient.DefaultTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cancel.CancelAfter(patience);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                read.Add(line);
                if (predicate(line))
                {
                    return read;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no matching line within {patience.TotalSeconds} s; last lines: {Recent()}");
        }
        catch (ChannelClosedException)
        {
            throw new IOException($"{Name}: session closed ({Session.Closed}) before a matching line; last lines: {Recent()}");
        }
    }

    /// <summary>Reads every line until the session ends, and returns them.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var read = new List<string>();
        var patience = timeout ?? LineClient.DefaultTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cancel.CancelAfter(patience);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancel.Token))
            {
                read.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: session still open after {patience.TotalSeconds} s; last lines: {Recent()}");
        }
        return read;
    }

    /// <summary>Stops without a word to the server.</summary>
    public void Abort() => Session.Abort();

    private string Recent()
    {
        lock (_seen)
        {
            return _seen.Count == 0 ? "(none)" : string.Join(" | ", _seen.TakeLast(8));
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await Session.ReceiveAsync(_stop.Token) is { } message)
            {
                var line = Encoding.UTF8.GetString(message.Span);
                lock (_seen)
                {
                    _seen.Add(line);
                    if (_seen.Count > 64)
                    {
                        _seen.RemoveRange(0, 32);
                    }
                }
                _lines.Writer.TryWrite(line);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _stop.CancelAsync();
        await _readLoop;
        _stop.Dispose();
    }
}
