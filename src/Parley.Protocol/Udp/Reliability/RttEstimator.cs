namespace Parley.Protocol.Udp.Reliability;

/// <summary>Round-trip time and the retransmission timeout, as RFC 6298: SRTT and RTTVAR from samples, RTO =
/// SRTT + max(G, 4 RTTVAR), plus the peer's maximum ack delay (RFC 9002 §6.2.1), clamped to [min, max] and doubled
/// per consecutive timeout. Samples are never ambiguous (Karn's problem) because packet numbers are never reused.</summary>
internal sealed class RttEstimator(ReliableConnectionOptions options)
{
    /// <summary>Clock granularity G: 1 ms.</summary>
    public const long Granularity = 1000;

    private readonly long _maxAckDelay = Micros.From(options.MaxAckDelay);
    private readonly long _initialRto = Micros.From(options.InitialRto);
    private readonly long _minRto = Micros.From(options.MinRto);
    private readonly long _maxRto = Micros.From(options.MaxRto);

    /// <summary>SRTT, or null before the first sample.</summary>
    public long? Smoothed { get; private set; }

    /// <summary>RTTVAR.</summary>
    public long Variation { get; private set; }

    /// <summary>The most recent sample, before adjustment for ack delay.</summary>
    public long Latest { get; private set; }

    /// <summary>The smallest sample seen.</summary>
    public long Min { get; private set; } = long.MaxValue;

    /// <summary>Takes one sample: <paramref name="rtt"/> from sending a packet to receiving its acknowledgement, of
    /// which the peer says it held the acknowledgement <paramref name="ackDelay"/>.</summary>
    public void AddSample(long rtt, long ackDelay)
    {
        rtt = Math.Max(rtt, 0);
        Latest = rtt;
        Min = Math.Min(Min, rtt);
        // Subtract the peer's delay (never more than it promised) unless that would go below the least RTT seen:
        // a delay larger than the path allows is a clock quirk, not a shorter path.
        var delay = Math.Min(Math.Max(ackDelay, 0), _maxAckDelay);
        var adjusted = rtt - delay >= Min ? rtt - delay : rtt;
        if (Smoothed is not { } smoothed)
        {
            Smoothed = adjusted;
            Variation = adjusted / 2;
            return;
        }
        Variation = ((3 * Variation) + Math.Abs(smoothed - adjusted)) / 4;
        Smoothed = ((7 * smoothed) + adjusted) / 8;
    }

    /// <summary>The retransmission timeout without backoff.</summary>
    public long Rto => Smoothed is { } smoothed
        ? Math.Clamp(smoothed + Math.Max(Granularity, 4 * Variation) + _maxAckDelay, _minRto, _maxRto)
        : _initialRto;

    /// <summary>The retransmission timeout doubled <paramref name="backoff"/> times, never above the maximum.</summary>
    public long RtoWithBackoff(int backoff)
    {
        var rto = Rto;
        for (var i = 0; i < backoff && rto < _maxRto; i++)
        {
            rto *= 2;
        }
        return Math.Min(rto, Math.Max(_maxRto, Rto));
    }

    /// <summary>How long after a later packet was acknowledged an earlier one counts as lost: 9/8 of the larger of
    /// SRTT and the latest sample (RFC 9002 §6.1.2), at least the granularity.</summary>
    public long LossDelay => Math.Max(9 * Math.Max(Smoothed ?? _initialRto, Latest) / 8, Granularity);
}
