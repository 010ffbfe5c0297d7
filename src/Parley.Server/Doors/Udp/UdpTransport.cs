using System.Net;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Udp;

/// <summary>What the hub's thread and a UDP door's loop share for one session: a bounded queue of outgoing bytes and a
/// close request. The hub calls <see cref="TrySend"/> and <see cref="Close"/> (on its thread); they only queue, and
/// <see cref="Flush"/> wakes the door, whose loop owns the socket and does the sending.</summary>
internal abstract class UdpTransport(UdpDoor door, IPEndPoint peer, int queueLimit) : ISessionTransport
{
    private readonly Lock _gate = new();
    private readonly Queue<ReadOnlyMemory<byte>> _pending = new();
    private int _pendingBytes;
    // The output gate: the door's loop takes only the pieces the last Flush let out (see TcpConnection).
    private long _queuedPieces;
    private long _takenPieces;
    private long _flushedPieces;
    private int _pumpRequested;
    private volatile bool _closeFlushed;
    private volatile bool _closeRequested;
    private volatile bool _overflowed;

    /// <summary>The validated address and port the session is bound to.</summary>
    public IPEndPoint Peer { get; } = peer;

    /// <summary>The hub's session; set and read on the hub's thread only.</summary>
    public Session? Session { get; set; }

    /// <inheritdoc/>
    public string RemoteEndPoint => $"{Peer}/udp";

    /// <inheritdoc/>
    public string Host { get; } = PeerHost.Of(peer.Address);

    /// <inheritdoc/>
    public IPAddress? Address => Peer.Address;

    /// <summary>Whether the hub asked to close the session, and a Flush let the request out.</summary>
    public bool CloseRequested => _closeFlushed;

    /// <summary>Whether the queue went over its bound (the hub then ends the session with "SendQ exceeded").</summary>
    public bool Overflowed => _overflowed;

    /// <inheritdoc/>
    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        lock (_gate)
        {
            if (_closeRequested || _overflowed)
            {
                return true; // going away: dropped silently, as the TCP door does
            }
            if (_pendingBytes + bytes.Length > queueLimit)
            {
                _overflowed = true;
                _pending.Clear();
                _pendingBytes = 0;
                _takenPieces = _queuedPieces;
                return false;
            }
            var before = _pending.Count;
            _pendingBytes += Enqueue(bytes, _pending);
            _queuedPieces += _pending.Count - before;
        }
        return true;
    }

    /// <inheritdoc/>
    public abstract bool HasPeerHungUp();

    /// <inheritdoc/>
    public void Close()
    {
        lock (_gate)
        {
            if (_closeRequested)
            {
                return;
            }
            _closeRequested = true;
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            _flushedPieces = _queuedPieces;
            _closeFlushed = _closeRequested;
        }
        RequestPump();
    }

    /// <summary>Puts <paramref name="bytes"/> on <paramref name="queue"/> in the pieces the door sends; returns the bytes
    /// queued.</summary>
    protected abstract int Enqueue(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> queue);

    /// <summary>Door's loop: called as it starts pumping this transport, so bytes queued from here on wake it again.</summary>
    public void OnPumpStarted() => Volatile.Write(ref _pumpRequested, 0);

    /// <summary>Door's loop: hands queued pieces to <paramref name="take"/>, in order, until everything the last
    /// <see cref="Flush"/> let out is taken or <paramref name="take"/> returns false (the piece then stays first in the
    /// queue). Returns whether everything let out is taken.</summary>
    public bool Drain(Func<ReadOnlyMemory<byte>, bool> take)
    {
        lock (_gate)
        {
            while (_takenPieces < _flushedPieces && _pending.TryPeek(out var next))
            {
                if (!take(next))
                {
                    return false;
                }
                _pending.Dequeue();
                _pendingBytes -= next.Length;
                _takenPieces++;
            }
            return _takenPieces >= _flushedPieces;
        }
    }

    /// <summary>Door's loop: whether anything is waiting to be sent.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _takenPieces < _flushedPieces && _pending.Count > 0;
            }
        }
    }

    /// <summary>Door's loop: pieces waiting to be sent are dropped (the session is over).</summary>
    public void DropPending()
    {
        lock (_gate)
        {
            _pending.Clear();
            _pendingBytes = 0;
            _takenPieces = _queuedPieces;
        }
    }

    /// <summary>Asks the door to pump this transport, once until it does.</summary>
    public void RequestPump()
    {
        if (Interlocked.Exchange(ref _pumpRequested, 1) == 0)
        {
            door.RequestPump(this);
        }
    }
}
