using System.Diagnostics.CodeAnalysis;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

// Datagrams leaving: what goes into the next packet.
public sealed partial class ReliableConnection
{
    /// <summary>Writes the next datagram to send into <paramref name="destination"/> (at least
    /// <see cref="UdpLimits.MaxDatagramSize"/> bytes); false when there is nothing to send now. Call until false after
    /// every input and timeout.</summary>
    public bool TryPollTransmit(long nowMicros, Span<byte> destination, out int length)
    {
        if (destination.Length < UdpLimits.MaxDatagramSize)
        {
            throw new ArgumentException($"The buffer must hold {UdpLimits.MaxDatagramSize} bytes.", nameof(destination));
        }
        destination = destination[..UdpLimits.MaxDatagramSize];
        length = State switch
        {
            ConnectionState.Handshaking => WriteInitial(nowMicros, destination),
            ConnectionState.Connected or ConnectionState.Flushing => WriteData(nowMicros, destination),
            _ => WriteClose(nowMicros, destination),
        };
        if (length == 0)
        {
            return false;
        }
        Counters.DatagramsSent++;
        Counters.BytesSent += length;
        return true;
    }

    /// <summary>The next datagram to send as a new array; false when there is nothing to send now.</summary>
    public bool TryPollTransmit(long nowMicros, [NotNullWhen(true)] out byte[]? datagram)
    {
        Span<byte> buffer = stackalloc byte[UdpLimits.MaxDatagramSize];
        if (TryPollTransmit(nowMicros, buffer, out var length))
        {
            datagram = buffer[..length].ToArray();
            return true;
        }
        datagram = null;
        return false;
    }

    private int WriteInitial(long now, Span<byte> destination)
    {
        if (!_initialPending)
        {
            return 0;
        }
        _initialPending = false;
        _handshakeRetryAt = now + Micros.From(_options.HandshakeRetryInterval);
        var initial = DatagramCodec.EncodeInitial(ConnectionId, _cookie);
        initial.CopyTo(destination);
        return initial.Length;
    }

    private int WriteClose(long now, Span<byte> destination)
    {
        var final = State == ConnectionState.Closed && _finalClosePending;
        if (!final && !(State is ConnectionState.Closing or ConnectionState.Draining && _closeSendPending))
        {
            return 0;
        }
        var writer = new SpanWriter(destination);
        FrameWriter.WriteHeader(ref writer, new PacketHeader(PacketType.Data, ConnectionId, _nextPacketNumber++));
        FrameWriter.WriteClose(ref writer, _closeCode, _closeReason);
        _closeSendPending = false;
        _finalClosePending = false;
        if (State == ConnectionState.Closing)
        {
            // Resend after an RTO, doubling each time; after the last one, wait one more interval for the answer.
            var interval = _rtt.RtoWithBackoff(_closeTransmissions);
            _closeTransmissions++;
            _closeRetransmitAt = _closeTransmissions < _options.MaxCloseTransmissions ? now + interval : null;
            _closingEndsAt = now + interval;
        }
        else if (State == ConnectionState.Draining)
        {
            _closeTransmissions++;
        }
        return writer.Position;
    }

    private int WriteData(long now, Span<byte> destination)
    {
        var ackDue = _received.IsAckDue(now);
        var probe = _probesPending > 0;
        var hasFragment = _outgoing.TryPeek(out var first, out var firstCount, out var firstPayload);
        if (!ackDue && !probe && _accept != AcceptState.Pending && !_pingPending && !hasFragment)
        {
            return 0;
        }
        var ack = ackDue || _received.HasUnsentInformation ? _received.BuildAck(now) : null;
        var overhead = FrameSizes.Header + (ack is null ? 0 : FrameSizes.Ack(ack.AckDelayMicros, ack.Ranges));
        // Everything that asks for an acknowledgement counts against the congestion window, except timeout probes.
        var wantAccept = _accept == AcceptState.Pending && (probe || _congestion.CanSend(overhead + FrameSizes.Single));
        var wantPing = _pingPending && (probe || _congestion.CanSend(overhead + (2 * FrameSizes.Single)));
        var fragmentFits = hasFragment
            && (probe || _congestion.CanSend(overhead + FrameSizes.Fragment(first.MessageId, first.Index, firstCount, firstPayload.Length)));
        if (!ackDue && !probe && !wantAccept && !wantPing && !fragmentFits)
        {
            return 0; // held back by the congestion window: an acknowledgement will open it
        }

        var number = _nextPacketNumber++;
        var writer = new SpanWriter(destination);
        FrameWriter.WriteHeader(ref writer, new PacketHeader(PacketType.Data, ConnectionId, number));
        if (ack is not null)
        {
            FrameWriter.WriteAck(ref writer, ack.AckDelayMicros, ack.Ranges);
            _received.OnAckSent();
        }
        var elicits = false;
        if (wantAccept)
        {
            writer.WriteByte((byte)FrameType.Accept);
            _accept = AcceptState.InFlight;
            elicits = true;
        }
        if (wantPing)
        {
            writer.WriteByte((byte)FrameType.Ping);
            _pingPending = false;
            elicits = true;
        }
        var fragments = WriteFragments(ref writer, probe);
        if (probe && !elicits && fragments is null)
        {
            writer.WriteByte((byte)FrameType.Ping); // a probe must ask for an acknowledgement
        }
        elicits |= probe || fragments is not null;

        var packet = new SentPacket
        {
            Number = number,
            SentAt = now,
            Size = writer.Position,
            AckEliciting = elicits,
            WindowLimited = _congestion.IsWindowLimitedAfter(writer.Position),
            Fragments = fragments,
            CarriesAccept = wantAccept,
            AckedUpTo = ack?.LargestAcknowledged,
        };
        _sent.Add(packet);
        if (elicits)
        {
            _congestion.OnSent(packet.Size);
            _lastAckElicitingSent = now;
            if (probe)
            {
                _probesPending--;
            }
        }
        return writer.Position;
    }

    /// <summary>Fills the rest of the packet with fragments, lost ones first, as far as room and the congestion window
    /// allow (a probe ignores the window).</summary>
    private List<FragmentRef>? WriteFragments(ref SpanWriter writer, bool probe)
    {
        List<FragmentRef>? fragments = null;
        while (_outgoing.TryPeek(out var fragment, out var count, out var payload))
        {
            var size = FrameSizes.Fragment(fragment.MessageId, fragment.Index, count, payload.Length);
            if (size > writer.Remaining || (!probe && !_congestion.CanSend(writer.Position + size)))
            {
                break;
            }
            if (_outgoing.Take(fragment))
            {
                Counters.FragmentsRetransmitted++;
            }
            FrameWriter.WriteFragment(ref writer, fragment.MessageId, fragment.Index, count, payload.Span);
            (fragments ??= []).Add(fragment);
        }
        return fragments;
    }
}
