namespace Parley.Protocol.Udp.Reliability;

/// <summary>The timers of a <see cref="ReliableConnection"/>. The defaults are the values docs/udp-protocol.md
/// specifies; a peer relies on them (it sends a keepalive well within the other side's idle timeout, and adds the
/// other side's maximum ack delay to its retransmission timeout), so change them only in step on both sides.</summary>
public sealed record ReliableConnectionOptions
{
    /// <summary>The defaults.</summary>
    public static ReliableConnectionOptions Default { get; } = new();

    /// <summary>How long a receiver may hold back an acknowledgement (25 ms).</summary>
    public TimeSpan MaxAckDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The retransmission timeout before the first round-trip sample (1 s, as RFC 6298).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The smallest retransmission timeout (200 ms: chat is latency-bound; RFC 6298's 1 s is for bulk TCP).</summary>
    public TimeSpan MinRto { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest retransmission timeout, backoff included (2 s, so a lossy path is probed several times
    /// within the idle timeout instead of the backoff outgrowing it).</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the client resends its INITIAL until the server answers (1 s).</summary>
    public TimeSpan HandshakeRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the client tries to get a session before giving up (30 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A PING goes out when nothing that asks for an acknowledgement was sent for this long (10 s), so an
    /// idle session stays alive and NAT mappings stay open.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The session closes when nothing valid arrived from the peer for this long (30 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="ReliableConnection.Close"/> keeps delivering already-queued messages before it
    /// sends CLOSE anyway (5 s).</summary>
    public TimeSpan CloseFlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many CLOSE datagrams a closing peer sends at most while it waits for the other's CLOSE (12).</summary>
    public int MaxCloseTransmissions { get; init; } = 12;

    /// <summary>Bytes of messages <see cref="ReliableConnection.Send"/> holds (unsent or unacknowledged) before it
    /// refuses more (256 KiB).</summary>
    public int SendBufferLimit { get; init; } = 256 * 1024;
}
