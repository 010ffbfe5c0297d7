using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
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
/// the hub (one work item per read), and sends the session's bounded outbound queue with one send per flush.</summary>
/// <remarks>While idle a connection holds no buffer: reads start with a zero-byte read and borrow a pooled buffer only
/// while bytes wait to be framed, and the outbound buffer is borrowed only while a flush is sending. The socket calls
/// are the <see cref="IConnectionWire"/>'s: the bare socket, or TLS over it.</remarks>
internal sealed class TcpConnection : ISessionTransport
{
    private readonly Socket _socket;
    private readonly IConnectionWire _wire;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly IPEndPoint? _remote;
    private readonly Action<TcpConnection>? _ended;
    private readonly Queue<ReadOnlyMemory<byte>> _queue = new(); // also the lock of the outbound side
    private ReadOnlyMemory<byte> _head; // the rest of an item too big for one outbox, sent before the queue
    private Session? _session;
    private int _queuedBytes;
    private bool _writing;
    private bool _closeRequested;
    private bool _closeFlushed;
    private bool _overflowed;
    private bool _sentDone;
    // The output gate: pieces are counted as queued and as taken; the writer takes only up to what the last Flush let
    // out, so bytes the hub queues while a send is under way wait for their own batch's commit.
    private long _queuedCount;
    private long _takenCount;
    private long _flushedCount;
    private TaskCompletionSource? _sent;
    private int _released;
    private long _idleTail = -1;
    private Timer? _closeDeadline;
    private long _unhandled;
    private TaskCompletionSource? _hubCaughtUp;
    private byte[]? _inbox; // bytes read and not yet framed, from _inStart to _inEnd; null when there are none
    private int _inStart;
    private int _inEnd;
    private CancellationTokenSource? _readCancel;
    private int _cancelRequested;

    /// <summary>How long a closing connection may take to deliver what is queued before it is reset.</summary>
    internal static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What a line costs in the receive queue beyond its bytes: the parsed message and the work item carrying it
    /// are bigger than a short line, so a flood of tiny lines is bounded too.</summary>
    internal const int LineOverhead = 64;

    /// <summary>The buffer a read borrows once bytes are waiting (grown while one unfinished line needs more).</summary>
    private const int InboxBytes = 8192;

    /// <summary>The buffer one flush copies queued messages into and sends with one call.</summary>
    private const int OutboxBytes = 32 * 1024;

    /// <summary>How a connection opened: which door it is for, or why it is not served.</summary>
    private enum Opening
    {
        Irc,
        Plain,
        Closed,
        TimedOut,
    }

    /// <summary>What a read brought.</summary>
    private enum ReadResult
    {
        /// <summary>More bytes (or, for the first round after sniffing, the bytes sniffing left).</summary>
        Data,

        /// <summary>A timer ended the read early; no new bytes.</summary>
        Canceled,

        /// <summary>The peer hung up.</summary>
        Completed,
    }

    /// <summary>Serves <paramref name="socket"/>, over <paramref name="wire"/> when given (TLS) or the bare socket;
    /// <paramref name="ended"/> runs once the connection is over.</summary>
    internal TcpConnection(Socket socket, HubLoop loop, ServerOptions options, IConnectionWire? wire = null, Action<TcpConnection>? ended = null)
    {
        _socket = socket;
        _wire = wire ?? new SocketWire(socket);
        _ended = ended;
        _loop = loop;
        _options = options;
        _remote = socket.RemoteEndPoint as IPEndPoint;
        Address = _remote?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : _remote?.Address;
        Host = PeerHost.Of(Address);
    }

    public string RemoteEndPoint => _remote?.ToString() ?? "unknown";

    /// <summary>The peer's address as accepted (not mapped to IPv4), as the door admitted it.</summary>
    public IPAddress? PeerAddress => _remote?.Address;

    public string Host { get; }

    public IPAddress? Address { get; }

    public string? ClientCertificateFingerprint => _wire.ClientCertificateFingerprint;

    /// <summary>Serves the connection until it closes (off the caller's thread from the start).</summary>
    public async Task RunAsync()
    {
        var reason = "Connection closed";
        try
        {
            await Task.Yield(); // the accept loop goes back to accepting at once
            if (!await _wire.OpenAsync())
            {
                return; // the TLS handshake failed or timed out
            }
            var (opening, last) = _wire.IrcOnly ? (Opening.Irc, ReadResult.Data) : await OpenAsync();
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
            PostConnect(plain);
            // Sniffing is over: its cancellation source is not needed by an IRC reader until a line is left unfinished.
            DropReadCancel();
            reason = plain ? await ReadPlainAsync(last) : await ReadIrcAsync(last);
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
            // No read is pending any more: the inbox can go back, and no timer can cancel anything.
            ReturnInbox();
            Interlocked.Exchange(ref _readCancel, null)?.Dispose();
            PostDisconnect(reason);
            // The hub may still queue a goodbye (or a reply to the last line of a peer that half-closed): let it go out.
            await Task.WhenAny(Sent, Task.Delay(CloseTimeout));
            Release();
            _ended?.Invoke(this);
        }
    }

    private void PostConnect(bool plain) => _loop.Post(hub =>
    {
        _session = hub.Connect(this, plain ? PlainWireFormat.Instance : IrcWireFormat.Instance);
        if (plain)
        {
            PlainTextDoor.Attach(hub, _session);
        }
    });

    /// <summary>_session belongs to the hub's thread, so the decision is made there.</summary>
    private void PostDisconnect(string reason) => _loop.Post(hub =>
    {
        if (_session is not null)
        {
            hub.Disconnect(_session, reason);
        }
        else
        {
            Close();
            Flush();
        }
    });

    private string ReadTimeoutReason => $"Read timeout: a line left unfinished for {_options.Limits.PartialLineTimeoutSeconds} seconds";

    /// <summary>The bytes read and not yet framed.</summary>
    private ReadOnlySequence<byte> Inbox => _inbox is null ? default : new ReadOnlySequence<byte>(_inbox, _inStart, _inEnd - _inStart);

    /// <summary>Takes everything before <paramref name="rest"/> (the unframed end of <see cref="Inbox"/>) as consumed;
    /// the inbox goes back to the pool once nothing is left in it.</summary>
    private void Consume(in ReadOnlySequence<byte> rest)
    {
        _inStart = _inEnd - (int)rest.Length;
        if (_inStart == _inEnd)
        {
            ReturnInbox();
        }
    }

    private void ReturnInbox()
    {
        if (_inbox is { } inbox)
        {
            _inbox = null;
            _inStart = _inEnd = 0;
            ArrayPool<byte>.Shared.Return(inbox);
        }
    }

    /// <summary>IRC clients speak first with a registration command; anything else, or silence, means plain text.
    /// Bytes that never end a line are taken as plain text once they pass the longest IRC line, and time out as any
    /// unfinished line does. Nothing is consumed: the reader of the door chosen frames what is here first.</summary>
    private async Task<(Opening Door, ReadResult Last)> OpenAsync()
    {
        using var timer = new Timer(CancelReadOf, this, _options.PlainText.SilenceMilliseconds, Timeout.Infinite);
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelReadOf, this);
        while (true)
        {
            var result = await ReadMoreAsync(cancelable: true);
            var buffer = Inbox;
            if (watch.Expired)
            {
                Consume(buffer.Slice(buffer.End));
                return (Opening.TimedOut, result);
            }
            if (result == ReadResult.Canceled)
            {
                _idleTail = buffer.Length; // already idle: the plain reader may take it as a message at once
                return (Opening.Plain, ReadResult.Data); // silent, or a partial line followed by silence: a person at a terminal
            }
            var newline = buffer.PositionOf((byte)'\n') ?? buffer.PositionOf((byte)'\r');
            if (newline is not null)
            {
                var first = buffer.Slice(0, newline.Value);
                return (ProtocolSniffer.LooksLikeIrc(first) ? Opening.Irc : Opening.Plain, result);
            }
            if (result == ReadResult.Completed)
            {
                return (buffer.IsEmpty ? Opening.Closed : Opening.Plain, result);
            }
            if (buffer.Length > IrcLimits.MaxLineBytes)
            {
                // Longer than any IRC line and still no line ending: not IRC, and not worth buffering further here (the
                // plain reader takes it as an over-long line).
                return (Opening.Plain, result);
            }
            watch.Update(partial: true, lineEnded: false);
            // Bytes without a line ending: wait a short moment for the rest before taking them as a plain message.
            timer.Change(_options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
        }
    }

    /// <summary>Frames IRC lines and posts every line of a read to the hub as one work item. <paramref name="result"/>:
    /// how the sniffing's last read ended (its bytes are framed first).</summary>
    private async Task<string> ReadIrcAsync(ReadResult result)
    {
        var framer = new LineFramer(IrcLimits.MaxLineBytes);
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelReadOf, this);
        while (true)
        {
            var buffer = Inbox;
            var lineEnded = false;
            ReceivedLines? lines = null;
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
                    (lines ??= ReceivedLines.Rent(this)).Add(new ReceivedLine(ReceivedLine.Kinds.TooLong, null, default, null, LineOverhead));
                    continue;
                }
                var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
                if (message is not null)
                {
                    var cost = (int)line.Length + LineOverhead;
                    (lines ??= ReceivedLines.Rent(this)).Add(new ReceivedLine(ReceivedLine.Kinds.Irc, message, error, null, cost));
                }
            }
            Consume(buffer);
            Post(lines);
            if (result == ReadResult.Completed)
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
            result = await ReadMoreAsync(cancelable: watch.IsTiming);
        }
    }

    /// <summary>Frames plain-text lines; an unterminated tail that stays unchanged for a moment is a message too (a
    /// program that sends without a line ending). <paramref name="result"/>: as for <see cref="ReadIrcAsync"/>.</summary>
    private async Task<string> ReadPlainAsync(ReadResult result)
    {
        var framer = new LineFramer(IrcLimits.MaxBodyBytes * 4);
        using var timer = new Timer(CancelReadOf, this, Timeout.Infinite, Timeout.Infinite);
        using var watch = new PartialLineWatch(TimeSpan.FromSeconds(_options.Limits.PartialLineTimeoutSeconds), CancelReadOf, this);
        // The unterminated tail left by the previous read. A tail is taken as a whole message only when a read canceled
        // by the idle timer finds it unchanged: a cancel that raced with new bytes (or one left over from sniffing) must
        // not cut a message in two.
        var previousTail = _idleTail;
        var tailWasIdle = _idleTail > 0; // sniffing already waited for the rest of this one
        while (true)
        {
            var buffer = Inbox;
            var lineEnded = false;
            ReceivedLines? lines = null;
            while (true)
            {
                var frame = framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                lineEnded = true;
                AddPlain(ref lines, frame == FrameResult.TooLong ? null : Decode(line));
                if (frame != FrameResult.TooLong)
                {
                    previousTail = -1;
                }
            }
            if (watch.Expired && !buffer.IsEmpty && !lineEnded)
            {
                // Trickled a byte at a time, never idle long enough to count as a message: slowloris.
                Consume(buffer.Slice(buffer.End));
                Post(lines);
                _loop.Post(hub => hub.CloseWithError(_session!, ReadTimeoutReason));
                await DrainAsync();
                return ReadTimeoutReason;
            }
            var idle = (result == ReadResult.Canceled || tailWasIdle) && buffer.Length == previousTail;
            tailWasIdle = false;
            if ((idle || result == ReadResult.Completed) && !buffer.IsEmpty)
            {
                // No line ending and no more bytes for a moment: the whole send() was one message.
                AddPlain(ref lines, Decode(buffer));
                buffer = buffer.Slice(buffer.End);
                lineEnded = true;
            }
            Consume(buffer);
            Post(lines);
            if (result == ReadResult.Completed)
            {
                return "Connection closed";
            }
            watch.Update(!buffer.IsEmpty, lineEnded);
            previousTail = buffer.Length;
            timer.Change(buffer.IsEmpty ? Timeout.Infinite : _options.PlainText.LineIdleMilliseconds, Timeout.Infinite);
            await WaitForHubAsync();
            result = await ReadMoreAsync(cancelable: true);
        }
    }

    private void AddPlain(ref ReceivedLines? lines, string? text) =>
        (lines ??= ReceivedLines.Rent(this)).Add(new ReceivedLine(ReceivedLine.Kinds.Plain, null, default, text, (text?.Length ?? 0) + LineOverhead));

    /// <summary>Hands what one read brought to the hub, as one work item; its cost counts against the receive queue until
    /// the hub has taken each line.</summary>
    private void Post(ReceivedLines? lines)
    {
        if (lines is null)
        {
            return;
        }
        Interlocked.Add(ref _unhandled, lines.Cost);
        _loop.Post(lines.Work);
    }

    /// <summary>On the hub's thread: one line of a <see cref="ReceivedLines"/> batch.</summary>
    internal void Deliver(ChatHub hub, in ReceivedLine line)
    {
        Handled(line.Cost);
        switch (line.Kind)
        {
            case ReceivedLine.Kinds.Irc:
                hub.Receive(_session!, line.Message!, line.Error);
                break;
            case ReceivedLine.Kinds.TooLong:
                hub.ReceiveTooLong(_session!);
                break;
            default:
                if (_session is { } session)
                {
                    var text = line.Text;
                    hub.ReceiveLine(session, (hub, session) => PlainTextDoor.Receive(hub, session, text));
                }
                break;
        }
    }

    /// <summary>Waits for more bytes and appends them to the inbox. With nothing buffered it waits with a zero-byte read,
    /// and borrows the inbox only once bytes are there. <paramref name="cancelable"/>: a timer may end the wait
    /// (<see cref="CancelRead"/>); reads no timer watches carry no cancellation, which would cost a registration each.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadMoreAsync(bool cancelable)
    {
        var cancel = CancellationToken.None;
        if (cancelable)
        {
            // Made before the flag is looked at: a cancel that comes after the look finds this source and cancels it.
            var source = _readCancel ??= new CancellationTokenSource();
            if (Interlocked.Exchange(ref _cancelRequested, 0) != 0)
            {
                DropReadCancel();
                return ReadResult.Canceled;
            }
            cancel = source.Token;
        }
        try
        {
            if (_inbox is null)
            {
                await ReceiveAsync(Memory<byte>.Empty, cancel);
                _inbox = ArrayPool<byte>.Shared.Rent(InboxBytes);
            }
            else if (_inEnd == _inbox.Length)
            {
                MakeRoom();
            }
            var read = await ReceiveAsync(_inbox.AsMemory(_inEnd), cancel);
            if (read == 0)
            {
                return ReadResult.Completed;
            }
            _inEnd += read;
            return ReadResult.Data;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _cancelRequested, 0);
            DropReadCancel();
            return ReadResult.Canceled;
        }
    }

    /// <summary>A canceled source cannot be used again: the next cancelable read makes a new one.</summary>
    private void DropReadCancel() => Interlocked.Exchange(ref _readCancel, null)?.Dispose();

    /// <summary>Room at the end of a full inbox: the unframed bytes move to the front, or to a bigger buffer when they fill
    /// it (bounded: the framers give up on a line past their limit, and sniffing past the longest IRC line).</summary>
    private void MakeRoom()
    {
        var inbox = _inbox!;
        var length = _inEnd - _inStart;
        if (_inStart > 0)
        {
            Buffer.BlockCopy(inbox, _inStart, inbox, 0, length);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(inbox.Length * 2);
            Buffer.BlockCopy(inbox, 0, bigger, 0, length);
            ArrayPool<byte>.Shared.Return(inbox);
            _inbox = bigger;
        }
        _inStart = 0;
        _inEnd = length;
    }

    /// <summary>The one call that reads from the peer (a zero-byte read when <paramref name="buffer"/> is empty).</summary>
    private ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancel) => _wire.ReceiveAsync(buffer, cancel);

    /// <summary>Reads and drops whatever else the peer sends until it hangs up (or the close deadline resets the
    /// connection): closing with unread input would be a reset that could destroy the goodbye before it is read.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            var result = await ReadMoreAsync(cancelable: false);
            ReturnInbox();
            if (result == ReadResult.Completed)
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

    /// <summary>The timers' callback (static, so it costs no delegate per connection).</summary>
    private static readonly TimerCallback CancelReadOf = state => ((TcpConnection)state!).CancelRead();

    /// <summary>Ends the pending read early (silence or an idle partial line); with no read pending, the next cancelable
    /// read ends at once. A disposed timer can still run a callback already queued, after the reader finished: that must
    /// not throw on a timer thread, which would end the process.</summary>
    private void CancelRead()
    {
        Volatile.Write(ref _cancelRequested, 1);
        try
        {
            Volatile.Read(ref _readCancel)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Plain text is taken as UTF-8, and as Latin-1 when it is not valid UTF-8, so nobody's bytes are lost.</summary>
    private static string Decode(in ReadOnlySequence<byte> bytes)
    {
        var array = bytes.ToArray();
        return Utf8.IsValid(array) ? Encoding.UTF8.GetString(array) : Encoding.Latin1.GetString(array);
    }

    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        lock (_queue)
        {
            if (_closeRequested || _overflowed)
            {
                return true; // going away: drop silently
            }
            if (_queuedBytes + bytes.Length > _options.Limits.SendQueueBytes)
            {
                _overflowed = true;
                _queue.Clear();
                _head = default;
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

    /// <summary>On the hub's thread: sends what is queued at once, with one non-blocking send per outbox-full; only when
    /// the socket's buffer is full does the rest go on asynchronously (a slow reader never holds the hub).</summary>
    public void Flush()
    {
        lock (_queue)
        {
            _flushedCount = _queuedCount;
            _closeFlushed = _closeRequested;
            if (_writing || (_queue.Count == 0 && _head.IsEmpty && !_closeRequested))
            {
                return;
            }
            _writing = true;
        }
        byte[]? outbox = null;
        try
        {
            while (true)
            {
                outbox ??= ArrayPool<byte>.Shared.Rent(OutboxBytes);
                var length = FillOutbox(outbox);
                if (length == 0)
                {
                    break;
                }
                var sent = _wire.TrySendNow(outbox.AsSpan(0, length));
                if (sent < length)
                {
                    // The socket's buffer is full: the rest waits for room off the hub's thread, with the outbox.
                    _ = WriteLaterAsync(outbox, sent, length - sent);
                    outbox = null;
                    return;
                }
            }
            if (IsClosing())
            {
                _ = ShutdownAsync(); // the FIN (after TLS's close_notify) goes from the thread pool
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Abort(); // the peer is gone; the reader reports the disconnect to the hub
        }
        finally
        {
            if (outbox is not null)
            {
                ArrayPool<byte>.Shared.Return(outbox);
            }
        }
    }

    /// <summary>Sends the rest of an outbox once the socket takes it, then whatever was queued meanwhile.</summary>
    private async Task WriteLaterAsync(byte[] outbox, int offset, int length)
    {
        try
        {
            await _wire.SendAsync(outbox.AsMemory(offset, length));
            while ((length = FillOutbox(outbox)) > 0)
            {
                await _wire.SendAsync(outbox.AsMemory(0, length));
            }
            if (IsClosing())
            {
                await _wire.ShutdownSendAsync();
                MarkSent();
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Abort(); // the peer is gone; the reader reports the disconnect to the hub
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(outbox);
        }
    }

    /// <summary>Copies queued bytes into <paramref name="outbox"/>, oldest first, as many as fit; 0 when nothing is left
    /// (and then, unless closing, the connection stops writing until the next flush).</summary>
    private int FillOutbox(byte[] outbox)
    {
        lock (_queue)
        {
            var length = 0;
            while (length < outbox.Length)
            {
                if (_head.IsEmpty)
                {
                    if (_takenCount == _flushedCount || !_queue.TryDequeue(out _head))
                    {
                        break;
                    }
                    _takenCount++;
                }
                var take = Math.Min(_head.Length, outbox.Length - length);
                _head.Span[..take].CopyTo(outbox.AsSpan(length));
                _head = _head[take..];
                _queuedBytes -= take;
                length += take;
            }
            if (length == 0 && !_closeFlushed)
            {
                _writing = false;
            }
            return length;
        }
    }

    /// <summary>Everything let out is sent: whether the connection is closing, so our FIN goes now ("writing" stays set
    /// so no flush starts again). The socket itself is let go when the reader sees the peer hang up (or the close
    /// deadline passes): closing with unread input would reset the connection and could lose the goodbye.</summary>
    private bool IsClosing()
    {
        lock (_queue)
        {
            return _closeFlushed && _writing;
        }
    }

    private async Task ShutdownAsync()
    {
        try
        {
            await Task.Yield();
            await _wire.ShutdownSendAsync();
            MarkSent();
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Abort();
        }
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
        lock (_queue)
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
    /// shut (or the connection was reset). Made only when asked for: an open connection holds no task for it.</summary>
    public Task Sent
    {
        get
        {
            lock (_queue)
            {
                return _sentDone ? Task.CompletedTask : (_sent ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    private void MarkSent()
    {
        TaskCompletionSource? sent;
        lock (_queue)
        {
            _sentDone = true;
            sent = _sent;
        }
        sent?.TrySetResult();
    }

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
        MarkSent();
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
        MarkSent();
        Interlocked.Exchange(ref _hubCaughtUp, null)?.TrySetResult(); // a reader waiting for the hub must see the end
    }
}
