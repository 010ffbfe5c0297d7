namespace Parley.Protocol.Udp.Reliability;

/// <summary>A NewReno-style congestion window in bytes (RFC 9002 §7, RFC 5681): slow start doubles it per round trip,
/// congestion avoidance adds one datagram per window acknowledged, a loss halves it (once per recovery period), a
/// retransmission timeout drops it to the minimum. Bytes in flight never exceed it, except for timeout probes.</summary>
internal sealed class CongestionController
{
    /// <summary>The datagram size the window is counted in.</summary>
    public const long DatagramSize = UdpLimits.MaxDatagramSize;

    /// <summary>Two datagrams.</summary>
    public const long MinimumWindow = 2 * DatagramSize;

    /// <summary>Ten datagrams, as RFC 9002's initial window.</summary>
    public const long InitialWindow = 10 * DatagramSize;

    /// <summary>The window never grows beyond this: twice the message window, so it never limits an honest sender
    /// but bounds what a connection can have in flight.</summary>
    public const long MaximumWindow = 2 * UdpLimits.MessageWindowBytes;

    private long? _recoveryStart;
    private long _avoidanceCredit;

    /// <summary>The congestion window.</summary>
    public long Window { get; private set; } = InitialWindow;

    /// <summary>The slow start threshold (unbounded until the first loss).</summary>
    public long SlowStartThreshold { get; private set; } = long.MaxValue;

    /// <summary>Bytes of ack-eliciting packets sent and neither acknowledged nor declared lost.</summary>
    public long BytesInFlight { get; private set; }

    /// <summary>Whether a packet of <paramref name="bytes"/> may be sent now.</summary>
    public bool CanSend(long bytes) => BytesInFlight + bytes <= Window;

    /// <summary>Whether a packet of <paramref name="bytes"/> sent now would fill at least half the window: only such
    /// packets grow the window when acknowledged (RFC 9002 §7.8), so a quiet chat does not build up a window it never
    /// tested.</summary>
    public bool IsWindowLimitedAfter(long bytes) => (BytesInFlight + bytes) * 2 >= Window;

    public void OnSent(long bytes) => BytesInFlight += bytes;

    /// <summary>A packet sent at <paramref name="sentAt"/> was acknowledged.</summary>
    public void OnAcked(long bytes, long sentAt, bool sentWhileWindowLimited)
    {
        BytesInFlight = Math.Max(0, BytesInFlight - bytes);
        if (IsInRecovery(sentAt) || !sentWhileWindowLimited)
        {
            return;
        }
        if (Window < SlowStartThreshold)
        {
            Window = Math.Min(Window + bytes, MaximumWindow);
            return;
        }
        _avoidanceCredit += bytes;
        if (_avoidanceCredit >= Window)
        {
            _avoidanceCredit -= Window;
            Window = Math.Min(Window + DatagramSize, MaximumWindow);
        }
    }

    /// <summary>A packet was declared lost or abandoned: it no longer counts as in flight.</summary>
    public void OnRemoved(long bytes) => BytesInFlight = Math.Max(0, BytesInFlight - bytes);

    /// <summary>Packets were lost, the newest of them sent at <paramref name="newestLostSentAt"/>: halve the window,
    /// unless that packet was sent before the current recovery period began (one loss event per round trip).</summary>
    public void OnCongestionEvent(long newestLostSentAt, long now)
    {
        if (IsInRecovery(newestLostSentAt))
        {
            return;
        }
        _recoveryStart = now;
        SlowStartThreshold = Math.Max(Window / 2, MinimumWindow);
        Window = SlowStartThreshold;
        _avoidanceCredit = 0;
    }

    /// <summary>The retransmission timer fired: nothing got through for a whole timeout, so start over from the
    /// minimum window (the threshold is halved only on the first of consecutive timeouts).</summary>
    public void OnRetransmissionTimeout(long now, bool firstConsecutive)
    {
        if (firstConsecutive)
        {
            SlowStartThreshold = Math.Max(Window / 2, MinimumWindow);
        }
        Window = MinimumWindow;
        _recoveryStart = now;
        _avoidanceCredit = 0;
    }

    private bool IsInRecovery(long sentAt) => _recoveryStart is { } start && sentAt <= start;
}
