using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Bench.Wire;

namespace Parley.Bench.Clients;

/// <summary>One IRC connection of the generator: registers with NICK/USER, answers PING, and hands every other line to the
/// scenario's <see cref="ILineSink"/> on its own reader loop.</summary>
/// <remarks>Reads go into one large buffer and every complete line in it is handled before the next read, so a burst
/// of deliveries costs one receive. With <c>idle</c> the buffer is only rented while bytes are waiting (zero-byte
/// reads), so thousands of idle connections cost the generator little.</remarks>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly bool _idle;
    private readonly int _bufferSize;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _waitGate = new();
    private TaskCompletionSource? _joined;
    private TaskCompletionSource? _synced;
    private byte[]? _syncToken;
    private Task? _reader;
    private int _closed;
    private volatile bool _stopReading;
    private readonly TaskCompletionSource _disposing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchClient(Socket socket, int index, string nick, int bufferSize, bool idle)
    {
        _socket = socket;
        Index = index;
        Nick = nick;
        _bufferSize = bufferSize;
        _idle = idle;
    }

    /// <summary>The client's number in its fleet.</summary>
    public int Index { get; }

    /// <summary>The nick it registers with.</summary>
    public string Nick { get; }

    /// <summary>The scenario that gets the lines; set before the traffic starts.</summary>
    public ILineSink? Sink { get; set; }

    /// <summary>Bytes to send once the chunk being handled is done (PONGs, echoes): used on the reader only.</summary>
    public ArrayBufferWriter<byte> Replies { get; } = new(256);

    /// <summary>The Stopwatch timestamp of the read that brought the line being handled: one clock reading per chunk,
    /// and every line in a chunk did arrive at that moment.</summary>
    public long ReceivedAt { get; private set; }

    /// <summary>Why the connection ended (an ERROR line from the server, a reset, or end of stream); null while open.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Whether the connection has ended.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Opens a TCP connection with TCP_NODELAY, from <paramref name="local"/> when given.</summary>
    public static async Task<BenchClient> ConnectAsync(IPEndPoint server, IPAddress? local, int index, string nick, int bufferSize,
        bool idle, CancellationToken cancel)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (local is not null)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }
            await socket.ConnectAsync(server, cancel);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var client = new BenchClient(socket, index, nick, bufferSize, idle);
        client._reader = client.ReadLoopAsync();
        return client;
    }

    /// <summary>Sends NICK and USER and completes at RPL_WELCOME (001); fails with the server's reason otherwise.</summary>
    public async Task RegisterAsync(CancellationToken cancel)
    {
        await SendAsync(Encoding.ASCII.GetBytes($"NICK {Nick}\r\nUSER {Nick} 0 * :parley-bench\r\n"), cancel);
        await _registered.Task.WaitAsync(cancel);
    }

    /// <summary>Joins <paramref name="room"/> and completes at the end of its NAMES list (366).</summary>
    public async Task JoinAsync(string room, CancellationToken cancel)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitGate)
        {
            _joined = joined;
        }
        await SendAsync(Encoding.ASCII.GetBytes($"JOIN {room}\r\n"), cancel);
        await joined.Task.WaitAsync(cancel);
    }

    /// <summary>A PING round trip: when the PONG arrives, everything the server queued for this client before it has
    /// been read (JOIN broadcasts of later joiners, the welcome burst).</summary>
    public async Task SyncAsync(CancellationToken cancel)
    {
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = "sync" + Random.Shared.Next(1_000_000);
        lock (_waitGate)
        {
            _synced = synced;
            _syncToken = Encoding.ASCII.GetBytes(token);
        }
        await SendAsync(Encoding.ASCII.GetBytes($"PING :{token}\r\n"), cancel);
        await synced.Task.WaitAsync(cancel);
    }

    /// <summary>Sends bytes as they are; sends from the scenario and from the reader (replies) never interleave.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        await _sendLock.WaitAsync(cancel);
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancel);
                bytes = bytes[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Stops reading from the socket (a slow consumer) while keeping the connection open: the server's send
    /// queue for this client fills until the server cuts it off.</summary>
    public void StopReading() => _stopReading = true;

    private async Task ReadLoopAsync()
    {
        var buffer = _idle ? null : new byte[_bufferSize];
        var filled = 0;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    // Idle: wait for bytes without holding a buffer, then borrow one.
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                    buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                }
                if (_stopReading)
                {
                    await _disposing.Task; // read nothing more, keep the socket open until the run ends
                    return;
                }
                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    Close("connection closed by the server");
                    return;
                }
                filled += read;
                ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                var used = HandleLines(buffer.AsSpan(0, filled));
                filled -= used;
                if (filled > 0)
                {
                    if (used == 0 && filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer: rare, never on the hot path
                    }
                    else
                    {
                        buffer.AsSpan(used, filled).CopyTo(buffer);
                    }
                }
                if (Replies.WrittenCount > 0)
                {
                    await SendAsync(Replies.WrittenMemory, CancellationToken.None);
                    Replies.ResetWrittenCount();
                }
                if (_idle && filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(ex is SocketException socket ? $"connection {socket.SocketErrorCode}" : "connection closed");
        }
    }

    /// <summary>Handles every complete line in <paramref name="data"/> and returns how many bytes they took.</summary>
    private int HandleLines(ReadOnlySpan<byte> data)
    {
        var used = 0;
        while (true)
        {
            var newline = data[used..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return used;
            }
            var line = data.Slice(used, newline);
            used += newline + 1;
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            if (!line.IsEmpty)
            {
                HandleLine(IrcLine.Parse(line));
            }
        }
    }

    private void HandleLine(IrcLine line)
    {
        var command = line.Command;
        if (command.Length == 7 && line.Is("PRIVMSG"u8))
        {
            Sink?.OnLine(this, line); // the hot path: straight to the scenario
            return;
        }
        if (line.Is("PING"u8))
        {
            Replies.Write("PONG :"u8);
            Replies.Write(line.Trailing);
            Replies.Write("\r\n"u8);
            return;
        }
        if (line.Is("001"u8))
        {
            _registered.TrySetResult();
        }
        else if (line.Is("366"u8))
        {
            TaskCompletionSource? joined;
            lock (_waitGate)
            {
                joined = _joined;
                _joined = null;
            }
            joined?.TrySetResult();
        }
        else if (line.Is("PONG"u8))
        {
            TaskCompletionSource? synced = null;
            lock (_waitGate)
            {
                if (_syncToken is not null && line.Trailing.SequenceEqual(_syncToken))
                {
                    synced = _synced;
                    _synced = null;
                    _syncToken = null;
                }
            }
            synced?.TrySetResult();
        }
        else if (line.Is("ERROR"u8))
        {
            CloseReason ??= "ERROR " + Encoding.UTF8.GetString(line.Trailing);
        }
        else if (!_registered.Task.IsCompleted && IsRegistrationRefusal(command))
        {
            _registered.TrySetException(new InvalidOperationException(
                $"{Nick}: registration refused: {Encoding.UTF8.GetString(command)} {Encoding.UTF8.GetString(line.Parameters)}"));
        }
        else if (IsJoinRefusal(command))
        {
            TaskCompletionSource? joined;
            lock (_waitGate)
            {
                joined = _joined;
                _joined = null;
            }
            joined?.TrySetException(new InvalidOperationException(
                $"{Nick}: JOIN refused: {Encoding.UTF8.GetString(command)} {Encoding.UTF8.GetString(line.Parameters)}"));
        }
        Sink?.OnLine(this, line);
    }

    // 432/433/436 nick problems, 465 banned, 464 password needed.
    private static bool IsRegistrationRefusal(ReadOnlySpan<byte> command) =>
        command.SequenceEqual("432"u8) || command.SequenceEqual("433"u8) || command.SequenceEqual("436"u8)
        || command.SequenceEqual("464"u8) || command.SequenceEqual("465"u8);

    // 403 no such channel, 405 too many channels, 471 full, 473 invite only, 474 banned, 475 bad key, 479 bad name.
    private static bool IsJoinRefusal(ReadOnlySpan<byte> command) =>
        command.SequenceEqual("403"u8) || command.SequenceEqual("405"u8) || command.SequenceEqual("471"u8)
        || command.SequenceEqual("473"u8) || command.SequenceEqual("474"u8) || command.SequenceEqual("475"u8)
        || command.SequenceEqual("479"u8);

    private void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        CloseReason ??= reason;
        var failure = new IOException($"{Nick}: {CloseReason}");
        _registered.TrySetException(failure);
        lock (_waitGate)
        {
            _joined?.TrySetException(failure);
            _synced?.TrySetException(failure);
        }
        Sink?.OnClosed(this);
    }

    /// <summary>Closes the socket (no QUIT: the server sees the connection end) and waits for the reader to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        _disposing.TrySetResult();
        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
        _sendLock.Dispose();
    }
}
