using System.Diagnostics.CodeAnalysis;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

/// <summary>One end of a session of Parley's datagram protocol: reliable, ordered, exactly-once delivery of
/// application messages over lossy datagrams (docs/udp-protocol.md). Pure ("sans-I/O"), shaped like quinn-proto's
/// connection: the driver feeds it datagrams (<see cref="Receive"/>), messages (<see cref="Send"/>) and the passing
/// of time (<see cref="HandleTimeout"/>), and polls what it produces: datagrams to send
/// (<see cref="TryPollTransmit(long, Span{byte}, out int)"/>), the next deadline (<see cref="NextTimeout"/>) and
/// events (<see cref="TryPollEvent"/>). Time is a <c>long</c> of microseconds on any monotonic clock.
/// Not thread-safe: one driver at a time.</summary>
/// <remarks>After every input, a driver polls transmits until there are none, then events, then re-arms its timer
/// to <see cref="NextTimeout"/>; when the timer fires it calls <see cref="HandleTimeout"/> and polls again. Once
/// <see cref="IsDrained"/> the connection can be dropped.</remarks>
public sealed partial class ReliableConnection
{
    private enum AcceptState
    {
        NotNeeded,
        Pending,
        InFlight,
        Acknowledged,
    }

    private readonly ReliableConnectionOptions _options;
    private readonly RttEstimator _rtt;
    private readonly CongestionController _congestion = new();
    private readonly ReceivedPacketTracker _received;
    private readonly List<SentPacket> _sent = [];
    private readonly OutgoingMessages _outgoing = new();
    private readonly IncomingMessages _incoming = new();
    private readonly Queue<ConnectionEvent> _events = new();

    private ulong _nextPacketNumber;
    private long _lastReceived;
    private long _lastAckElicitingSent;
    private ulong? _largestAckedByPeer;
    private long? _lossTime;
    private int _rtoBackoff;
    private int _probesPending;
    private bool _pingPending;
    private AcceptState _accept;

    // Client handshake.
    private byte[] _cookie = [];
    private bool _initialPending;
    private long _handshakeRetryAt;
    private readonly long _handshakeDeadline;

    // Closing.
    private bool _closedRaised;
    private CloseCode _closeCode;
    private string _closeReason = "";
    private long _flushDeadline;
    private bool _closeSendPending;
    private int _closeTransmissions;
    private long? _closeRetransmitAt;
    private long _closingEndsAt;
    private bool _finalClosePending;

    private ReliableConnection(ConnectionRole role, ulong connectionId, long now, ReliableConnectionOptions? options)
    {
        _options = options ?? ReliableConnectionOptions.Default;
        _rtt = new RttEstimator(_options);
        _received = new ReceivedPacketTracker(Micros.From(_options.MaxAckDelay));
        Role = role;
        ConnectionId = connectionId;
        _lastReceived = now;
        _lastAckElicitingSent = now;
        _handshakeDeadline = now + Micros.From(_options.HandshakeTimeout);
    }

    /// <summary>A client connection that starts the handshake at once: poll it for its first INITIAL.</summary>
    /// <param name="connectionId">64 random bits from a cryptographic source: it is all that keeps an off-path
    /// attacker from injecting into the session.</param>
    /// <param name="nowMicros">The current time.</param>
    /// <param name="options">Timers; null for the protocol's defaults.</param>
    public static ReliableConnection CreateClient(ulong connectionId, long nowMicros, ReliableConnectionOptions? options = null) =>
        new(ConnectionRole.Client, connectionId, nowMicros, options)
        {
            State = ConnectionState.Handshaking,
            _initialPending = true,
        };

    /// <summary>The server's connection for a client whose cookie <c>ServerHandshake</c> accepted: already connected
    /// (a <see cref="ConnectedEvent"/> is waiting), with an ACCEPT to send. The INITIAL that was accepted need not be
    /// passed to it.</summary>
    /// <inheritdoc cref="CreateClient"/>
    public static ReliableConnection CreateServer(ulong connectionId, long nowMicros, ReliableConnectionOptions? options = null)
    {
        var connection = new ReliableConnection(ConnectionRole.Server, connectionId, nowMicros, options)
        {
            State = ConnectionState.Connected,
            _accept = AcceptState.Pending,
        };
        connection._events.Enqueue(new ConnectedEvent());
        return connection;
    }

    /// <summary>The session's connection id.</summary>
    public ulong ConnectionId { get; }

    /// <summary>Client or server.</summary>
    public ConnectionRole Role { get; }

    /// <summary>Where the connection is in its life.</summary>
    public ConnectionState State { get; private set; }

    /// <summary>True once the connection is closed and has nothing left to send: the driver can forget it.</summary>
    public bool IsDrained => State == ConnectionState.Closed && !_finalClosePending;

    /// <summary>What happened to the connection's datagrams.</summary>
    public ConnectionCounters Counters { get; } = new();

    /// <summary>The smoothed round-trip time (the initial RTO's guess before any sample).</summary>
    public TimeSpan SmoothedRtt => Micros.ToTimeSpan(_rtt.Smoothed ?? _rtt.Rto);

    /// <summary>The current retransmission timeout, backoff included.</summary>
    public TimeSpan RetransmissionTimeout => Micros.ToTimeSpan(_rtt.RtoWithBackoff(_rtoBackoff));

    /// <summary>The congestion window in bytes.</summary>
    public long CongestionWindow => _congestion.Window;

    /// <summary>Bytes sent that the peer has not acknowledged yet.</summary>
    public long BytesInFlight => _congestion.BytesInFlight;

    /// <summary>Timeout probes still to send (they may go beyond the congestion window).</summary>
    internal int ProbesPending => _probesPending;

    /// <summary>Bytes of messages passed to <see cref="Send"/> that the peer has not acknowledged yet.</summary>
    public long QueuedBytes => _outgoing.QueuedBytes;

    /// <summary>Queues an application message (at most <see cref="UdpLimits.MaxMessageSize"/> bytes; copied). Messages
    /// sent before the handshake completes go out once it does.</summary>
    /// <exception cref="ArgumentException">The message is larger than <see cref="UdpLimits.MaxMessageSize"/>.</exception>
    public SendResult Send(ReadOnlyMemory<byte> message)
    {
        if (message.Length > UdpLimits.MaxMessageSize)
        {
            throw new ArgumentException($"A message holds at most {UdpLimits.MaxMessageSize} bytes, not {message.Length}.", nameof(message));
        }
        if (State is not (ConnectionState.Handshaking or ConnectionState.Connected))
        {
            return SendResult.NotOpen;
        }
        if (_outgoing.QueuedBytes + message.Length > _options.SendBufferLimit)
        {
            return SendResult.BufferFull;
        }
        _outgoing.Enqueue(message.Span);
        Counters.MessagesSent++;
        return SendResult.Queued;
    }

    /// <summary>Takes the next event for the application.</summary>
    public bool TryPollEvent([NotNullWhen(true)] out ConnectionEvent? connectionEvent) => _events.TryDequeue(out connectionEvent);

    private static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
