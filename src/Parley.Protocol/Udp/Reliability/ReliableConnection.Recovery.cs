using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

// Acknowledgements received, loss detection and the retransmission timer (RFC 9002 §6 with RFC 6298's timer).
public sealed partial class ReliableConnection
{
    /// <summary>A packet is lost once a packet this many numbers later has been acknowledged (fast retransmit).</summary>
    internal const int PacketThreshold = 3;

    /// <summary>How many packets a retransmission timeout sends regardless of the congestion window.</summary>
    internal const int ProbesPerTimeout = 2;

    /// <summary>When the retransmission timer fires: one RTO (with backoff) after the last ack-eliciting packet, while
    /// any is in flight.</summary>
    private long? RetransmissionDeadline
    {
        get
        {
            foreach (var packet in _sent)
            {
                if (packet.AckEliciting)
                {
                    return _lastAckElicitingSent + _rtt.RtoWithBackoff(_rtoBackoff);
                }
            }
            return null;
        }
    }

    /// <summary>Applies an ACK frame; returns false if it broke the protocol (the connection is then closing).</summary>
    private bool OnAck(AckFrame ack, long now)
    {
        if (ack.LargestAcknowledged >= _nextPacketNumber)
        {
            CloseAtOnce(CloseCode.ProtocolViolation, $"acknowledged packet {ack.LargestAcknowledged}, never sent", now);
            return false;
        }
        SentPacket? largestNewlyAcked = null;
        var anyNewlyAcked = false;
        for (var i = 0; i < _sent.Count; i++)
        {
            var packet = _sent[i];
            if (!ack.Acknowledges(packet.Number))
            {
                continue;
            }
            _sent.RemoveAt(i--);
            anyNewlyAcked = true;
            if (packet.Number == ack.LargestAcknowledged)
            {
                largestNewlyAcked = packet;
            }
            OnPacketAcked(packet);
        }
        if (!anyNewlyAcked)
        {
            return true;
        }
        _largestAckedByPeer = _largestAckedByPeer is { } known ? Math.Max(known, ack.LargestAcknowledged) : ack.LargestAcknowledged;
        if (largestNewlyAcked is { AckEliciting: true })
        {
            _rtt.AddSample(now - largestNewlyAcked.SentAt, (long)Math.Min(ack.AckDelayMicros, long.MaxValue));
        }
        _rtoBackoff = 0;
        DetectLosses(now);
        return true;
    }

    private void OnPacketAcked(SentPacket packet)
    {
        if (packet.AckEliciting)
        {
            _congestion.OnAcked(packet.Size, packet.SentAt, packet.WindowLimited);
        }
        if (packet.Fragments is { } fragments)
        {
            foreach (var fragment in fragments)
            {
                _outgoing.OnAcked(fragment);
            }
        }
        if (packet.CarriesAccept)
        {
            _accept = AcceptState.Acknowledged;
        }
        if (packet.AckedUpTo is { } ackedUpTo)
        {
            _received.OnAckAcknowledged(ackedUpTo);
        }
    }

    /// <summary>Declares lost every packet sent before the largest acknowledged one that is either
    /// <see cref="PacketThreshold"/> numbers behind it or older than the loss delay; arms the loss timer for the rest.</summary>
    private void DetectLosses(long now)
    {
        _lossTime = null;
        if (_largestAckedByPeer is not { } largestAcked)
        {
            return;
        }
        var lossDelay = _rtt.LossDelay;
        List<SentPacket>? lost = null;
        for (var i = 0; i < _sent.Count; i++)
        {
            var packet = _sent[i];
            if (packet.Number >= largestAcked)
            {
                break; // _sent is in packet number order
            }
            if (largestAcked - packet.Number >= PacketThreshold || packet.SentAt + lossDelay <= now)
            {
                (lost ??= []).Add(packet);
                _sent.RemoveAt(i--);
            }
            else
            {
                _lossTime = Earliest(_lossTime, packet.SentAt + lossDelay);
            }
        }
        if (lost is not null)
        {
            OnPacketsLost(lost);
            var newestInFlight = lost.Where(p => p.AckEliciting).Select(p => (long?)p.SentAt).Max();
            if (newestInFlight is { } sentAt)
            {
                _congestion.OnCongestionEvent(sentAt, now);
            }
        }
    }

    private void OnPacketsLost(List<SentPacket> lost)
    {
        foreach (var packet in lost)
        {
            Counters.PacketsLost++;
            if (packet.AckEliciting)
            {
                _congestion.OnRemoved(packet.Size);
            }
            if (packet.Fragments is { } fragments)
            {
                foreach (var fragment in fragments)
                {
                    _outgoing.OnLost(fragment);
                }
            }
            if (packet.CarriesAccept && _accept == AcceptState.InFlight)
            {
                _accept = AcceptState.Pending;
            }
        }
    }

    /// <summary>Nothing was acknowledged for a whole RTO: everything in flight is taken as lost, the window drops to
    /// its minimum, the timeout doubles, and two probes go out at once (RFC 6298 §5, RFC 9002 §6.2.4).</summary>
    private void OnRetransmissionTimeout(long now)
    {
        Counters.RetransmissionTimeouts++;
        var lost = new List<SentPacket>(_sent);
        _sent.Clear();
        _lossTime = null;
        OnPacketsLost(lost);
        _congestion.OnRetransmissionTimeout(now, firstConsecutive: _rtoBackoff == 0);
        _rtoBackoff++;
        _probesPending = ProbesPerTimeout;
    }
}
