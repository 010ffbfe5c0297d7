using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

/// <summary>Whether a received packet number is new.</summary>
internal enum PacketNumberStatus
{
    New,
    Duplicate,

    /// <summary>Below what the tracker still remembers: treated as a duplicate (it is one, or a packet so late that
    /// its sender has already sent its frames again).</summary>
    Forgotten,
}

/// <summary>The receiving half of acknowledgements: which packet numbers arrived (as at most
/// <see cref="UdpLimits.MaxAckRanges"/> ranges), and when an ACK is due: at once for a packet out of order, a
/// duplicate or every second ack-eliciting packet, otherwise within the maximum ack delay (RFC 9000 §13.2).</summary>
internal sealed class ReceivedPacketTracker(long maxAckDelayMicros)
{
    private readonly List<AckRange> _ranges = []; // descending, disjoint, never touching
    private ulong _floor;
    private ulong? _largest;
    private long _largestReceivedAt;
    private int _elicitingSinceAck;
    private long? _ackDeadline;
    private bool _ackNow;
    private bool _unsentInformation;

    /// <summary>The ranges of packet numbers received, newest first.</summary>
    public IReadOnlyList<AckRange> Ranges => _ranges;

    /// <summary>When a held-back acknowledgement must go out, if one is held back.</summary>
    public long? AckDeadline => _ackNow ? null : _ackDeadline;

    public PacketNumberStatus Classify(ulong packetNumber)
    {
        if (packetNumber < _floor)
        {
            return PacketNumberStatus.Forgotten;
        }
        foreach (var range in _ranges)
        {
            if (packetNumber > range.Largest)
            {
                return PacketNumberStatus.New;
            }
            if (packetNumber >= range.Smallest)
            {
                return PacketNumberStatus.Duplicate;
            }
        }
        return PacketNumberStatus.New;
    }

    /// <summary>Records a new packet number.</summary>
    public void OnReceived(ulong packetNumber, bool ackEliciting, long now)
    {
        var outOfOrder = _largest is { } largest ? packetNumber != largest + 1 : packetNumber != 0;
        if (_largest is null || packetNumber > _largest)
        {
            _largest = packetNumber;
            _largestReceivedAt = now;
        }
        Insert(packetNumber);
        _unsentInformation = true;
        if (!ackEliciting)
        {
            return;
        }
        _elicitingSinceAck++;
        if (outOfOrder || _elicitingSinceAck >= 2)
        {
            _ackNow = true;
        }
        _ackDeadline ??= now + maxAckDelayMicros;
    }

    /// <summary>A duplicate arrived: the peer probably missed our acknowledgement, so send one at once.</summary>
    public void OnDuplicate()
    {
        if (_ranges.Count > 0)
        {
            _ackNow = true;
            _unsentInformation = true;
        }
    }

    /// <summary>Whether an ACK must be sent now.</summary>
    public bool IsAckDue(long now) => _ranges.Count > 0 && (_ackNow || (_ackDeadline is { } deadline && deadline <= now));

    /// <summary>Whether an ACK would tell the peer something it has not been told: worth adding to a packet that is
    /// going out anyway.</summary>
    public bool HasUnsentInformation => _unsentInformation && _ranges.Count > 0;

    /// <summary>The ACK frame to send now; its delay is how long ago the largest packet arrived.</summary>
    public AckFrame BuildAck(long now) =>
        new((ulong)Math.Max(0, now - _largestReceivedAt), _ranges.Take(UdpLimits.MaxAckRanges).ToArray());

    /// <summary>An ACK frame went out.</summary>
    public void OnAckSent()
    {
        _elicitingSinceAck = 0;
        _ackDeadline = null;
        _ackNow = false;
        _unsentInformation = false;
    }

    /// <summary>The peer acknowledged a packet carrying our ACK up to <paramref name="largestAcknowledged"/>: it
    /// knows about everything up to there, so stop reporting it (RFC 9000 §13.2.4) and keep ACK frames small.</summary>
    public void OnAckAcknowledged(ulong largestAcknowledged)
    {
        if (largestAcknowledged + 1 <= _floor)
        {
            return;
        }
        _floor = largestAcknowledged + 1;
        for (var i = _ranges.Count - 1; i >= 0; i--)
        {
            var range = _ranges[i];
            if (range.Largest < _floor)
            {
                _ranges.RemoveAt(i);
            }
            else if (range.Smallest < _floor)
            {
                _ranges[i] = range with { Smallest = _floor };
            }
        }
    }

    private void Insert(ulong packetNumber)
    {
        var i = 0;
        while (i < _ranges.Count && _ranges[i].Smallest > packetNumber)
        {
            i++;
        }
        // Now _ranges[i] (if any) is the first range not wholly above packetNumber; _ranges[i - 1] is just above.
        var joinsAbove = i > 0 && _ranges[i - 1].Smallest == packetNumber + 1;
        var joinsBelow = i < _ranges.Count && _ranges[i].Largest + 1 == packetNumber;
        if (joinsAbove && joinsBelow)
        {
            _ranges[i - 1] = new AckRange(_ranges[i].Smallest, _ranges[i - 1].Largest);
            _ranges.RemoveAt(i);
        }
        else if (joinsAbove)
        {
            _ranges[i - 1] = _ranges[i - 1] with { Smallest = packetNumber };
        }
        else if (joinsBelow)
        {
            _ranges[i] = _ranges[i] with { Largest = packetNumber };
        }
        else
        {
            _ranges.Insert(i, new AckRange(packetNumber, packetNumber));
        }
        if (_ranges.Count > UdpLimits.MaxAckRanges)
        {
            // Forget the oldest range; a packet from below it arriving later is treated as old.
            _floor = _ranges[^1].Largest + 1;
            _ranges.RemoveAt(_ranges.Count - 1);
        }
    }
}
