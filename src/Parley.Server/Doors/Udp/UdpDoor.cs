using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Udp;

/// <summary>A UDP listener: one socket, and one loop thread that owns every session of that socket (the
/// <see cref="ReliableConnection"/>s are not thread-safe). A receive thread reads datagrams and hands them to the loop;
/// the hub's thread hands it outgoing lines and close requests; the loop sleeps until the next datagram, request or
/// session deadline (docs/udp-protocol.md; the door's duties are in sections 4, 12 and 14).</summary>
public sealed partial class UdpDoor : IAsyncDisposable
{
    /// <summary>Received datagrams the loop may be behind by before more are dropped (and counted).</summary>
    private const int ReceiveQueueLimit = 8192;

    /// <summary>How often the loop does its housekeeping (plain idle timeouts, table sweeps, key rotation, the log).</summary>
    private static readonly long HousekeepingMicros = 1_000_000;

    /// <summary>How often dropped datagrams are summed up in the log (when there were any).</summary>
    private static readonly long DropLogMicros = 60_000_000;

    private readonly Socket _socket;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly AdmissionControl _admission;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ReceivedDatagram> _received = new();
    private readonly ConcurrentQueue<UdpTransport> _pumpRequests = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly TaskCompletionSource _allSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _sendBuffer = new byte[UdpLimits.MaxDatagramSize];
    private Thread? _receiveThread;
    private Thread? _loopThread;
    private int _receivedCount;
    private volatile bool _acceptingStopped;
    private volatile bool _stopping;
    private long _nextHousekeeping;
    private long _nextKeyRotation;
    private long _nextDropLog;
    private long _droppedAtLastLog;

    /// <summary>Binds the endpoint; throws <see cref="SocketException"/> when it cannot.</summary>
    public UdpDoor(ListenEndpoint endpoint, HubLoop loop, ServerOptions options, AdmissionControl admission)
    {
        _admission = admission;
        Endpoint = endpoint;
        _loop = loop;
        _options = options;
        _socket = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endpoint.EndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false; // [::] means IPv6, as for TCP
            }
            _socket.Bind(endpoint.EndPoint);
            TryEnlargeReceiveBuffer(_socket);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        BoundEndpoint = endpoint with { EndPoint = (IPEndPoint)_socket.LocalEndPoint! };

        _keys = new CookieKeyRing(RandomNumberGenerator.GetBytes(32));
        _handshake = new ServerHandshake(new RetryCookie(_keys));
        _plainCodes = new PlainTextCode(_keys);
        var idle = TimeSpan.FromSeconds(Math.Max(1, options.Udp.SessionIdleTimeoutSeconds));
        _connectionOptions = ReliableConnectionOptions.Default with
        {
            IdleTimeout = idle,
            // Our keepalive must reach the client well within our own idle timeout, whatever it is set to.
            KeepAliveInterval = TimeSpan.FromTicks(Math.Min(ReliableConnectionOptions.Default.KeepAliveInterval.Ticks, idle.Ticks / 3)),
        };
        _plainIdleMicros = Math.Max(1, options.Udp.PlainIdleTimeoutSeconds) * 1_000_000L;
        _keyRotationMicros = Math.Max(1, options.Udp.KeyRotationMinutes) * 60_000_000L;
    }

    /// <summary>The endpoint as configured.</summary>
    public ListenEndpoint Endpoint { get; }

    /// <summary>The endpoint actually bound (with the real port when 0 was asked for).</summary>
    public ListenEndpoint BoundEndpoint { get; }

    /// <summary>What the door did with its datagrams.</summary>
    public UdpDoorCounters Counters { get; } = new();

    private long Now => _clock.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Starts the receive thread and the loop.</summary>
    public void Start()
    {
        var now = Now;
        _nextHousekeeping = now + HousekeepingMicros;
        _nextKeyRotation = now + _keyRotationMicros;
        _nextDropLog = now + DropLogMicros;
        _loopThread = new Thread(RunLoop) { IsBackground = true, Name = $"parley-udp-{BoundEndpoint.EndPoint.Port}" };
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"parley-udp-recv-{BoundEndpoint.EndPoint.Port}" };
        _loopThread.Start();
        _receiveThread.Start();
    }

    /// <summary>Stops taking new sessions (handshakes and plain codes are no longer answered); sessions already open
    /// are served on.</summary>
    public Task StopAcceptingAsync()
    {
        _acceptingStopped = true;
        Wake();
        return Task.CompletedTask;
    }

    /// <summary>Completes once accepting has stopped and every session has sent what it had and its CLOSE (or has
    /// ended); bound it with a timeout.</summary>
    public Task AllSentAsync() => _loopThread is null ? Task.CompletedTask : _allSent.Task;

    /// <summary>Stops the loop and the receive thread and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync();
        _stopping = true;
        Wake();
        if (_loopThread is not null)
        {
            await Task.Run(() => _loopThread.Join());
        }
        _socket.Dispose(); // ends the blocking receive
        if (_receiveThread is not null)
        {
            await Task.Run(() => _receiveThread.Join());
        }
        while (_received.TryDequeue(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Buffer);
        }
        _wake.Dispose();
    }

    /// <summary>Called by a transport (on the hub's thread) that has bytes to send or wants to close.</summary>
    internal void RequestPump(UdpTransport transport)
    {
        _pumpRequests.Enqueue(transport);
        Wake();
    }

    private void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void TryEnlargeReceiveBuffer(Socket socket)
    {
        try
        {
            socket.ReceiveBufferSize = 1 << 20; // absorbs bursts while the loop is busy; the kernel may cap it
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Reads datagrams and queues them for the loop; never parses anything itself.</summary>
    private void ReceiveLoop()
    {
        // Large enough for any UDP payload, so an oversized datagram is seen whole and dropped as such, never cut to
        // a plausible size.
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            var from = any;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize
                or SocketError.NetworkReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                continue; // an ICMP error about an earlier send (Windows reports them here): not ours to act on
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return; // the socket was closed
            }
            if (Interlocked.Increment(ref _receivedCount) > ReceiveQueueLimit)
            {
                Interlocked.Decrement(ref _receivedCount);
                Counters.OnReceived(length);
                Counters.AddOverloaded();
                continue;
            }
            var copy = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            buffer.AsSpan(0, length).CopyTo(copy);
            _received.Enqueue(new ReceivedDatagram(copy, length, PeerAddress.Normalize((IPEndPoint)from)));
            Wake();
        }
    }

    private void RunLoop()
    {
        while (!_stopping)
        {
            _wake.Reset(); // before looking, so a request that arrives while we work wakes the next wait
            var now = Now;
            try
            {
                Turn(now);
            }
            catch (Exception ex)
            {
                // A bug must cost a datagram, not the door: every session of this socket lives on this thread.
                _loop.Hub.ConnectionLog.LogError(ex, "UDP door {Endpoint} failed on a datagram", BoundEndpoint);
            }
            var next = Math.Min(_nextHousekeeping, _timers.Next ?? long.MaxValue);
            var wait = next - Now;
            if (wait > 0 && _received.IsEmpty && _pumpRequests.IsEmpty)
            {
                // Rounded up: waking a little late is harmless, waking early would spin until the deadline.
                _wake.Wait(TimeSpan.FromMilliseconds(Math.Min((wait + 999) / 1000, int.MaxValue)));
            }
        }
    }

    /// <summary>One turn of the loop: datagrams in, hub requests, due timers, housekeeping.</summary>
    private void Turn(long now)
    {
        // Bounded per turn, so a flood of datagrams cannot starve the timers.
        for (var i = 0; i < 1024 && _received.TryDequeue(out var datagram); i++)
        {
            Interlocked.Decrement(ref _receivedCount);
            try
            {
                OnDatagram(datagram.Buffer.AsSpan(0, datagram.Length), datagram.From, now);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
            }
        }
        while (_pumpRequests.TryDequeue(out var transport))
        {
            transport.OnPumpStarted();
            switch (transport)
            {
                case UdpSessionTransport session:
                    Service(session, now);
                    break;
                case PlainUdpTransport plain:
                    PumpPlain(plain);
                    break;
            }
        }
        while (_timers.TryTakeDue(now, out var due))
        {
            due.Connection.HandleTimeout(now);
            Service(due, now);
        }
        if (now >= _nextHousekeeping)
        {
            _nextHousekeeping = now + HousekeepingMicros;
            Housekeeping(now);
        }
        if (_acceptingStopped && !_allSent.Task.IsCompleted && _sessions.Values.All(HasSentAll) && _plainSessions.Count == 0)
        {
            _allSent.TrySetResult();
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, long now)
    {
        Counters.OnReceived(datagram.Length);
        if (DatagramCodec.IsProtocolDatagram(datagram))
        {
            OnProtocolDatagram(datagram, from, now);
        }
        else
        {
            OnPlainDatagram(datagram, from, now);
        }
    }

    private void Housekeeping(long now)
    {
        _ledger.Sweep(now);
        _recentlyClosed.Sweep(now);
        CheckPlainIdle(now);
        if (now >= _nextKeyRotation)
        {
            // The old key still verifies until the next rotation, so handshakes under way are not broken.
            _keys.Rotate(RandomNumberGenerator.GetBytes(32));
            _nextKeyRotation = now + _keyRotationMicros;
        }
        if (now >= _nextDropLog)
        {
            _nextDropLog = now + DropLogMicros;
            var dropped = Counters.Dropped;
            if (dropped != _droppedAtLastLog)
            {
                _loop.Hub.ConnectionLog.LogInformation(
                    "{Endpoint}: {Count} datagrams dropped in the last minute ({Total} in all: {Malformed} malformed, {WrongAddress} from another address, {Duplicates} duplicates, {Refused} refused by a session, {Replayed} replayed handshakes, {Unexpected} unexpected, {Overloaded} over the receive queue)",
                    BoundEndpoint, dropped - _droppedAtLastLog, dropped, Counters.Malformed, Counters.WrongAddress, Counters.Duplicates,
                    Counters.RefusedBySession, Counters.ReplayedHandshakes, Counters.Unexpected, Counters.Overloaded);
                _droppedAtLastLog = dropped;
            }
        }
    }

    private void SendDatagram(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
            Counters.OnSent(datagram.Length);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A full socket buffer or an unreachable peer: the datagram is lost, which the protocol is built for.
        }
    }

    private void SendDatagram(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
            Counters.OnSent(datagram.Length);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private readonly record struct ReceivedDatagram(byte[] Buffer, int Length, IPEndPoint From);
}
