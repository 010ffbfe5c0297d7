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
    private readonly IConnectionWire _wire;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly PipeReader _reader;
    private readonly object _sendLock = new();
    private readonly Queue<ReadOnlyMemory<byte>> _queue = new();
    private Session? _session;
    private int _queuedBytes;
    private bool _writing;
    private bool _closeRequested;
    private bool _closeFlushed;
    private bool _overflowed;
    // The output gate: pieces are counted as queued and as taken; the writer takes only up to what the last Flush let
    // out, so bytes the hub queues while a send is under way wait for their own batch's commit.
    private long _queuedCount;
    private long _takenCount;
    private long _flushedCount;
    private int _released;
    private long _idleTail = -1;
    private Timer? _closeDeadline;
    private long _unhandled;
    private TaskCompletionSource? _hubCaughtUp;
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long a closing connection may take to deliver what is queued before it is reset.</summary>
    internal static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What a line costs in the receive queue beyond its bytes: the parsed message and the work item carrying it
    /// are bigger than a short line, so a flood of tiny lines is bounded too.</summary>
    internal const int LineOverhead = 64;

    /// <summary>How a connection opened: which door it is for, or why it is not served.</summary>
    private enum Opening
    {
        Irc,
        Plain,
        Closed,
        TimedOut,
    }

    /// <summary>Serves <paramref name="socket"/>, over <paramref name="wire"/> when given (TLS) or the bare socket.</summary>
    internal TcpConnection(Socket socket, HubLoop loop, ServerOptions options, IConnectionWire? wire = null)
    {
        _socket = socket;
        _wire = wire ?? new SocketWire(socket);
        _loop = loop;
        _options = options;
        var remote = socket.RemoteEndPoint as IPEndPoint;
        RemoteEndPoint = remote?.ToString() ?? "unknown";
        Address = remote?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : remote?.Address;
        Host = PeerHost.Of(Address);
        // leaveOpen: the reader is done before the goodbye is written; the wire is let go with the socket.
        _reader = PipeReader.Create(_wire.Input,
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 512, useZeroByteReads: true, leaveOpen: true));
    }

    public string RemoteEndPoint { get; }

    public string Host { get; }

    public IPAddress? Address { get; }

    public string? ClientCertificateFingerprint => _wire.ClientCertificateFingerprint;

    /// <summary>Serves the connection until it closes.</summary>
    public async Task RunAsync()
    {
        var reason = "Connection closed";
        try
        {
            if (!await _wire.OpenAsync())
            {
                return; // the TLS handshake failed or timed out
            }
            var opening = _wire.IrcOnly ? Opening.Irc : await OpenAsync();
            if (opening == Opening.Closed)
            {
                return; // closed before saying anything we could serve
            }
            if (opening == Opening.TimedOut)
            {
                // No session yet: the door says why itself, as it does for a refused connection.
                reason = ReadTimeoutReason;
                TrySend(Encoding.UTF8.GetBytes($"ERROR :Closing Link: {Host} ({reason})\r\n"));
                Close();
                Flush();
                await DrainAsync();
                return;
            }
            var plain = opening == Opening.Plain;
            _loop.Post(hub =>
            {
                _session = hub.Connect(this, plain ? PlainWireFormat.Instance : IrcWireFormat.Instance);
                if (plain)
                {
                    PlainTextDoor.Attach(hub, _session);
                }
            });
            reason = plain ? await ReadPlainAsync() : await ReadIrcAsync();
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
                    Flush();
                }
            });
            // The hub may still queue a goodbye (or a reply to the last line of a peer that half-closed): let it go out.
            await Task.WhenAny(_sent.Task, Task.Delay(CloseTimeout));
            Release();
        }
    }

    private string ReadTimeoutReason => $"Read timeout: a line left unfinished for {_options.Limits.PartialLineTimeoutSeconds} seconds";

    /// <summary>IRC clients speak first with a registration command; anything else, or silence, means plain text.
    /// Bytes that never end a line are taken as plain text once they pass the longest IRC line, and time out as any
    /// unfinished line does.</summary>
    private async Task<Opening> OpenAsync()
    {
        using var timer = new Timer(_ => CancelRead(), null, _options.PlainText.SilenceMilliseconds, Timeout.Infinite);
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelRead);
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            if (watch.Expired)
            {
                _reader.AdvanceTo(buffer.End);
                return Opening.TimedOut;
            }
            if (result.IsCanceled)
            {
                _reader.AdvanceTo(buffer.Start);
                _idleTail = buffer.Length; // already idle: the plain reader may take it as a message at once
                return Opening.Plain; // silent, or a partial line followed by silence: a person at a terminal
            }
            var newline = buffer.PositionOf((byte)'\n') ?? buffer.PositionOf((byte)'\r');
            if (newline is not null)
            {
                var first = buffer.Slice(0, newline.Value);
                _reader.AdvanceTo(buffer.Start);
                return ProtocolSniffer.LooksLikeIrc(first) ? Opening.Irc : Opening.Plain;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.Start);
                return buffer.IsEmpty ? Opening.Closed : Opening.Plain;
            }
            if (buffer.Length > IrcLimits.MaxLineBytes)
            {
                // Longer than any IRC line and still no line ending: not IRC, and not worth buffering further here (the
                // plain reader takes it as an over-long line).
                _reader.AdvanceTo(buffer.Start);
                return Opening.Plain;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            watch.Update(partial: true, lineEnded: false);
            // Bytes without a line ending: wait a short moment for the rest before taking them as a plain message.
            timer.Change(_options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
        }
    }

    private async Task<string> ReadIrcAsync()
    {
        var framer = new LineFramer(IrcLimits.MaxLineBytes);
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelRead);
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            var lineEnded = false;
            while (true)
            {
                var frame = framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                lineEnded = true;
                if (frame == FrameResult.TooLong)
                {
                    Interlocked.Add(ref _unhandled, LineOverhead);
                    _loop.Post(hub =>
                    {
                        Handled(LineOverhead);
                        hub.ReceiveTooLong(_session!);
                    });
                    continue;
                }
                var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
                if (message is not null)
                {
                    var cost = (int)line.Length + LineOverhead;
                    Interlocked.Add(ref _unhandled, cost);
                    _loop.Post(hub =>
                    {
                        Handled(cost);
                        hub.Receive(_session!, message, error);
                    });
                }
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return "Connection closed";
            }
            watch.Update(!buffer.IsEmpty, lineEnded);
            if (watch.Expired)
            {
                _loop.Post(hub => hub.CloseWithError(_session!, ReadTimeoutReason));
                await DrainAsync();
                return ReadTimeoutReason;
            }
            await WaitForHubAsync();
        }
    }

    private async Task<string> ReadPlainAsync()
    {
        var framer = new LineFramer(IrcLimits.MaxBodyBytes * 4);
        using var timer = new Timer(_ => CancelRead());
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelRead);
        // The unterminated tail left by the previous read. A tail is taken as a whole message only when a read canceled
        // by the idle timer finds it unchanged: a cancel that raced with new bytes (or one left over from sniffing) must
        // not cut a message in two.
        var previousTail = _idleTail;
        var tailWasIdle = _idleTail > 0; // sniffing already waited for the rest of this one
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            var lineEnded = false;
            while (true)
            {
                var frame = framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                lineEnded = true;
                if (frame == FrameResult.TooLong)
                {
                    PostPlain(null);
                    continue;
                }
                PostPlain(Decode(line));
                previousTail = -1;
            }
            if (watch.Expired && !buffer.IsEmpty && !lineEnded)
            {
                // Trickled a byte at a time, never idle long enough to count as a message: slowloris.
                _reader.AdvanceTo(buffer.End);
                _loop.Post(hub => hub.CloseWithError(_session!, ReadTimeoutReason));
                await DrainAsync();
                return ReadTimeoutReason;
            }
            var idle = (result.IsCanceled || tailWasIdle) && buffer.Length == previousTail;
            tailWasIdle = false;
            if ((idle || result.IsCompleted) && !buffer.IsEmpty)
            {
                // No line ending and no more bytes for a moment: the whole send() was one message.
                PostPlain(Decode(buffer));
                buffer = buffer.Slice(buffer.End);
                lineEnded = true;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return "Connection closed";
            }
            watch.Update(!buffer.IsEmpty, lineEnded);
            previousTail = buffer.Length;
            timer.Change(buffer.IsEmpty ? Timeout.Infinite : _options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
            await WaitForHubAsync();
        }
    }

    /// <summary>Reads and drops whatever else the peer sends until it hangs up (or the close deadline resets the
    /// connection): closing with unread input would be a reset that could destroy the goodbye before it is read.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            var result = await _reader.ReadAsync();
            _reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>The receive queue's bound (Limits:RecvQueueBytes): while more of this client's input than that waits for
    /// the hub, the socket is not read, so TCP's flow control holds the client back and its input costs the server no
    /// more memory. Nobody is cut off for it: a flooder meets flood control's bound in the hub first.</summary>
    private async Task WaitForHubAsync()
    {
        var limit = _options.Limits.RecvQueueBytes;
        while (Volatile.Read(ref _unhandled) > limit && Volatile.Read(ref _released) == 0)
        {
            var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _hubCaughtUp, caughtUp);
            // Published before the count is read again, and the hub lowers the count before it looks for a waiter: one
            // of the two sees the other, so the wake-up cannot be lost.
            if (Interlocked.Read(ref _unhandled) <= limit / 2 || Volatile.Read(ref _released) != 0)
            {
                return;
            }
            await caughtUp.Task;
        }
    }

    /// <summary>On the hub's thread: a line of <paramref name="cost"/> was taken; wakes the reader once the queue has
    /// drained to half its bound.</summary>
    private void Handled(int cost)
    {
        if (Interlocked.Add(ref _unhandled, -cost) <= _options.Limits.RecvQueueBytes / 2)
        {
            Interlocked.Exchange(ref _hubCaughtUp, null)?.TrySetResult();
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

    private void PostPlain(string? line)
    {
        var cost = (line?.Length ?? 0) + LineOverhead;
        Interlocked.Add(ref _unhandled, cost);
        _loop.Post(hub =>
        {
            Handled(cost);
            if (_session is { } session)
            {
                hub.ReceiveLine(session, (hub, session) => PlainTextDoor.Receive(hub, session, line));
            }
        });
    }

    /// <summary>Plain text is taken as UTF-8, and as Latin-1 when it is not valid UTF-8, so nobody's bytes are lost.</summary>
    private static string Decode(in ReadOnlySequence<byte> bytes)
    {
        var array = bytes.ToArray();
        return Utf8.IsValid(array) ? Encoding.UTF8.GetString(array) : Encoding.Latin1.GetString(array);
    }

    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
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
                _takenCount = _queuedCount;
                return false;
            }
            _queue.Enqueue(bytes);
            _queuedBytes += bytes.Length;
            _queuedCount++;
        }
        return true;
    }

    public void Flush()
    {
        lock (_sendLock)
        {
            _flushedCount = _queuedCount;
            _closeFlushed = _closeRequested;
            if (_writing || (_queue.Count == 0 && !_closeRequested))
            {
                return;
            }
            _writing = true;
        }
        _ = FlushAsync();
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
        lock (_sendLock)
        {
            if (_closeRequested)
            {
                return;
            }
            _closeRequested = true;
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
        _wire.Dispose();
        _closeDeadline?.Dispose();
        _sent.TrySetResult();
        Interlocked.Exchange(ref _hubCaughtUp, null)?.TrySetResult(); // a reader waiting for the hub must see the end
    }

    /// <summary>Lets go of the socket once it is no longer needed; queued bytes and our FIN are already with the kernel.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }
        _wire.Dispose();
        _closeDeadline?.Dispose();
        _sent.TrySetResult();
        Interlocked.Exchange(ref _hubCaughtUp, null)?.TrySetResult(); // a reader waiting for the hub must see the end
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
                    while (_takenCount < _flushedCount && _queue.Count > 0 && batch.Count < 256)
                    {
                        var item = _queue.Dequeue();
                        _queuedBytes -= item.Length;
                        _takenCount++;
                        batch.Add(MemoryMarshal.TryGetArray(item, out var segment) ? segment : new ArraySegment<byte>(item.ToArray()));
                    }
                    if (batch.Count == 0)
                    {
                        // A close counts once a Flush let it out: everything queued before it is then sent.
                        if (!_closeFlushed)
                        {
                            _writing = false;
                            return;
                        }
                        break; // closing and everything is sent; "writing" stays set so no flush starts again
                    }
                }
                await _wire.SendAsync(batch);
                batch.Clear();
            }
            // Our FIN goes after the last byte. The socket itself is let go when the reader sees the peer hang up (or the
            // close deadline passes): closing with unread input would reset the connection and could lose the goodbye.
            await _wire.ShutdownSendAsync();
            _sent.TrySetResult();
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Abort(); // the peer is gone; the reader reports the disconnect to the hub
        }
    }
}
