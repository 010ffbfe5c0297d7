using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Tcp;

/// <summary>One accepted TCP connection: decides between IRC and plain text, reads and frames lines and posts them to
/// the hub, and drains the session's bounded outbound queue with one gathered send per burst.</summary>
/// <remarks>While idle a connection holds no buffer: reads start with a zero-byte read and the writer runs only while
/// its queue has bytes.</remarks>
internal sealed class TcpConnection : ISessionTransport
{
    private readonly Socket _socket;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly PipeReader _reader;
    private readonly object _sendLock = new();
    private readonly Queue<ReadOnlyMemory<byte>> _queue = new();
    private Session? _session;
    private int _queuedBytes;
    private bool _writing;
    private bool _closeRequested;
    private bool _overflowed;
    private int _released;
    private long _idleTail = -1;
    private Timer? _closeDeadline;
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long a closing connection may take to deliver what is queued before it is reset.</summary>
    internal static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public TcpConnection(Socket socket, HubLoop loop, ServerOptions options)
    {
        _socket = socket;
        _loop = loop;
        _options = options;
        var remote = socket.RemoteEndPoint as IPEndPoint;
        RemoteEndPoint = remote?.ToString() ?? "unknown";
        Address = remote?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : remote?.Address;
        Host = HostOf(Address);
        _reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 512, useZeroByteReads: true));
    }

    public string RemoteEndPoint { get; }

    public string Host { get; }

    public IPAddress? Address { get; }

    /// <summary>Serves the connection until it closes.</summary>
    public async Task RunAsync()
    {
        var reason = "Connection closed";
        try
        {
            var plain = await IsPlainTextAsync();
            if (plain is null)
            {
                return; // closed before saying anything we could serve
            }
            _loop.Post(hub =>
            {
                _session = hub.Connect(this, plain.Value ? PlainWireFormat.Instance : IrcWireFormat.Instance);
                if (plain.Value)
                {
                    PlainTextDoor.Attach(hub, _session);
                }
            });
            reason = plain.Value ? await ReadPlainAsync() : await ReadIrcAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = "Connection reset";
        }
        catch (Exception ex)
        {
            // A bug here must cost one connection, and say so, rather than vanish in an unobserved task.
            _loop.Hub.ConnectionLog.LogError(ex, "connection from {Peer} failed", RemoteEndPoint);
            reason = "Server error";
        }
        finally
        {
            await _reader.CompleteAsync();
            var final = reason;
            // _session belongs to the hub's thread, so the decision is made there.
            _loop.Post(hub =>
            {
                if (_session is not null)
                {
                    hub.Disconnect(_session, final);
                }
                else
                {
                    Close();
                }
            });
            // The hub may still queue a goodbye (or a reply to the last line of a peer that half-closed): let it go out.
            await Task.WhenAny(_sent.Task, Task.Delay(CloseTimeout));
            Release();
        }
    }

    /// <summary>IRC clients speak first with a registration command; anything else, or silence, means plain text.
    /// Returns null when the peer closed without a byte.</summary>
    private async Task<bool?> IsPlainTextAsync()
    {
        using var timer = new Timer(_ => CancelRead(), null, _options.PlainText.SilenceMilliseconds, Timeout.Infinite);
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                _reader.AdvanceTo(buffer.Start);
                _idleTail = buffer.Length; // already idle: the plain reader may take it as a message at once
                return true; // silent, or a partial line followed by silence: a person at a terminal
            }
            var newline = buffer.PositionOf((byte)'\n') ?? buffer.PositionOf((byte)'\r');
            if (newline is not null)
            {
                var first = buffer.Slice(0, newline.Value);
                _reader.AdvanceTo(buffer.Start);
                return !ProtocolSniffer.LooksLikeIrc(first);
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.Start);
                return buffer.IsEmpty ? null : true;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            // Bytes without a line ending: wait a short moment for the rest before taking them as a plain message.
            timer.Change(_options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
        }
    }

    private async Task<string> ReadIrcAsync()
    {
        var framer = new LineFramer(IrcLimits.MaxLineBytes);
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            while (true)
            {
                var frame = framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                if (frame == FrameResult.TooLong)
                {
                    _loop.Post(hub => hub.ReceiveTooLong(_session!));
                    continue;
                }
                var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
                if (message is not null)
                {
                    _loop.Post(hub => hub.Receive(_session!, message, error));
                }
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return "Connection closed";
            }
        }
    }

    private async Task<string> ReadPlainAsync()
    {
        var framer = new LineFramer(IrcLimits.MaxBodyBytes * 4);
        using var timer = new Timer(_ => CancelRead());
        // The unterminated tail left by the previous read. A tail is taken as a whole message only when a read canceled
        // by the idle timer finds it unchanged: a cancel that raced with new bytes (or one left over from sniffing) must
        // not cut a message in two.
        var previousTail = _idleTail;
        var tailWasIdle = _idleTail > 0; // sniffing already waited for the rest of this one
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            while (true)
            {
                var frame = framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                if (frame == FrameResult.TooLong)
                {
                    PostPlain(null);
                    continue;
                }
                PostPlain(Decode(line));
                previousTail = -1;
            }
            var idle = (result.IsCanceled || tailWasIdle) && buffer.Length == previousTail;
            tailWasIdle = false;
            if ((idle || result.IsCompleted) && !buffer.IsEmpty)
            {
                // No line ending and no more bytes for a moment: the whole send() was one message.
                PostPlain(Decode(buffer));
                buffer = buffer.Slice(buffer.End);
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return "Connection closed";
            }
            previousTail = buffer.Length;
            timer.Change(buffer.IsEmpty ? Timeout.Infinite : _options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
        }
    }

    /// <summary>Ends the pending read early (silence or an idle partial line). A disposed timer can still run a callback
    /// already queued, after the reader completed: that must not throw on a timer thread, which would end the process.</summary>
    private void CancelRead()
    {
        try
        {
            _reader.CancelPendingRead();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private void PostPlain(string? line) => _loop.Post(hub =>
    {
        if (_session is { } session)
        {
            hub.ReceiveLine(session, (hub, session) => PlainTextDoor.Receive(hub, session, line));
        }
    });

    /// <summary>Plain text is taken as UTF-8, and as Latin-1 when it is not valid UTF-8, so nobody's bytes are lost.</summary>
    private static string Decode(in ReadOnlySequence<byte> bytes)
    {
        var array = bytes.ToArray();
        return Utf8.IsValid(array) ? Encoding.UTF8.GetString(array) : Encoding.Latin1.GetString(array);
    }

    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        bool start;
        lock (_sendLock)
        {
            if (_closeRequested || _overflowed)
            {
                return true; // going away: drop silently
            }
            if (_queuedBytes + bytes.Length > _options.Limits.SendQueueBytes)
            {
                _overflowed = true;
                _queue.Clear();
                _queuedBytes = 0;
                return false;
            }
            _queue.Enqueue(bytes);
            _queuedBytes += bytes.Length;
            start = !_writing;
            _writing = true;
        }
        if (start)
        {
            _ = FlushAsync();
        }
        return true;
    }

    public bool HasPeerHungUp()
    {
        try
        {
            // Readable with nothing to read means end of stream (or an error): the FIN is in, the read loop has not
            // seen it yet. Unread data means the peer may still be there, so the answer is no.
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    public void Close()
    {
        bool start;
        lock (_sendLock)
        {
            if (_closeRequested)
            {
                return;
            }
            _closeRequested = true;
            start = !_writing;
            _writing = true;
        }
        if (_overflowed)
        {
            // Cut off for not reading: what it did not take is dropped, and a send stuck on its full window must not
            // hold the socket, so reset rather than wait.
            Abort();
            return;
        }
        // A peer that stopped reading cannot hold the goodbye (and the socket) forever.
        _closeDeadline = new Timer(_ => Abort(), null, CloseTimeout, Timeout.InfiniteTimeSpan);
        if (start)
        {
            _ = FlushAsync();
        }
    }

    /// <summary>Completes once everything queued before <see cref="Close"/> is on the wire and our side of the stream is
    /// shut (or the connection was reset).</summary>
    public Task Sent => _sent.Task;

    /// <summary>Resets the connection at once: nothing more is sent.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
        _closeDeadline?.Dispose();
        _sent.TrySetResult();
    }

    /// <summary>Lets go of the socket once it is no longer needed; queued bytes and our FIN are already with the kernel.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
        _socket.Dispose();
        _closeDeadline?.Dispose();
        _sent.TrySetResult();
    }

    private async Task FlushAsync()
    {
        await Task.Yield(); // leave the hub's thread at once; the send runs on the thread pool
        var batch = new List<ArraySegment<byte>>();
        try
        {
            while (true)
            {
                lock (_sendLock)
                {
                    while (_queue.Count > 0 && batch.Count < 256)
                    {
                        var item = _queue.Dequeue();
                        _queuedBytes -= item.Length;
                        batch.Add(MemoryMarshal.TryGetArray(item, out var segment) ? segment : new ArraySegment<byte>(item.ToArray()));
                    }
                    if (batch.Count == 0)
                    {
                        if (!_closeRequested)
                        {
                            _writing = false;
                            return;
                        }
                        break; // closing and everything is sent; "writing" stays set so no flush starts again
                    }
                }
                await _socket.SendAsync(batch, SocketFlags.None);
                batch.Clear();
            }
            // Our FIN goes after the last byte. The socket itself is let go when the reader sees the peer hang up (or the
            // close deadline passes): closing with unread input would reset the connection and could lose the goodbye.
            _socket.Shutdown(SocketShutdown.Send);
            _sent.TrySetResult();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort(); // the peer is gone; the reader reports the disconnect to the hub
        }
    }

    /// <summary>The host part of hostmasks: the IP in text, IPv4-mapped addresses as IPv4, and never starting with ':'
    /// (which would break IRC's parameter syntax).</summary>
    private static string HostOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var text = address.ToString();
        return text.StartsWith(':') ? "0" + text : text;
    }
}
