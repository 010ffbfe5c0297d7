using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Wire;

namespace Parley.Fuzz.Targets;

/// <summary>The UDP datagram codec under any input: the bytes are one datagram as it arrives at the door. Decoding must
/// be total (a packet or an error, never an exception), and a decoded packet must encode within the limits and read
/// back as the same packet.</summary>
public static class DatagramTarget
{
    /// <summary>Checks every invariant for one datagram.</summary>
    public static void Run(ReadOnlySpan<byte> datagram)
    {
        var decoded = DatagramCodec.TryDecode(datagram, out var packet, out var error);
        Invariant.Check(decoded == (packet is not null) && decoded == (error == DecodeError.None), "codec: a packet exactly when there is no error");
        Invariant.Check(DatagramCodec.IsProtocolDatagram(datagram) == datagram.StartsWith(DatagramCodec.Magic), "codec: ours exactly when the magic is there");
        if (!DatagramCodec.IsProtocolDatagram(datagram))
        {
            Invariant.Check(error is DecodeError.NotProtocol or DecodeError.TooShort, "codec: without the magic, not ours (or cut inside it)");
        }
        if (packet is null)
        {
            return;
        }

        Invariant.Check(datagram.Length <= UdpLimits.MaxDatagramSize, "codec: nothing over the size limit decodes");
        Invariant.Check(DatagramCodec.TryReadConnectionId(datagram, out var connectionId) && connectionId == packet.Header.ConnectionId,
            "codec: the quick connection id read agrees with the decoder");
        FrameShapes(packet);

        // A close reason that was not UTF-8 is decoded with U+FFFD in place of the bad bytes (it is only ever shown to a
        // person), so it no longer says what the datagram said: its packet is not expected to encode back alike.
        if (packet.Frames.Any(f => f is CloseFrame close && close.Reason.Contains('\uFFFD')))
        {
            return;
        }

        // Canonical form: what decodes encodes (the decoder and the encoder share their rules), within the limits, and
        // the encoding reads back as the same packet.
        byte[] encoded;
        try
        {
            encoded = DatagramCodec.Encode(packet);
        }
        catch (ArgumentException ex)
        {
            throw new InvariantViolationException($"codec: a decoded packet encodes ({ex.Message})");
        }
        Invariant.Check(encoded.Length == DatagramCodec.GetEncodedLength(packet), "codec: the encoded length is as announced");
        Invariant.Check(encoded.Length <= UdpLimits.MaxDatagramSize, "codec: an encoded packet fits the size limit");
        Invariant.Check(encoded.Length <= datagram.Length, "codec: re-encoding never grows a datagram (varints are minimal)");
        Invariant.Check(DatagramCodec.TryDecode(encoded, out var again, out _), "codec: an encoded packet decodes");
        Invariant.Check(Text(again) == Text(packet), "codec: decode(encode(p)) == p");
    }

    /// <summary>The limits every decoded frame keeps.</summary>
    private static void FrameShapes(Packet packet)
    {
        foreach (var frame in packet.Frames)
        {
            switch (frame)
            {
                case InitialFrame initial:
                    Invariant.Check(initial.Cookie.Length <= UdpLimits.MaxCookieLength, "codec: a cookie within its limit");
                    break;
                case RetryFrame retry:
                    Invariant.Check(retry.Cookie.Length is > 0 and <= UdpLimits.MaxCookieLength, "codec: a retry cookie within its limit");
                    break;
                case AckFrame ack:
                    Invariant.Check(ack.Ranges.Count is > 0 and <= UdpLimits.MaxAckRanges, "codec: 1 to 32 ack ranges");
                    for (var i = 0; i < ack.Ranges.Count; i++)
                    {
                        Invariant.Check(ack.Ranges[i].Smallest <= ack.Ranges[i].Largest, "codec: an ack range is ordered");
                        Invariant.Check(i == 0 || ack.Ranges[i].Largest + 1 < ack.Ranges[i - 1].Smallest, "codec: ack ranges descend, apart");
                    }
                    break;
                case FragmentFrame fragment:
                    Invariant.Check(fragment.Count is > 0 and <= UdpLimits.MaxFragmentsPerMessage && fragment.Index >= 0 && fragment.Index < fragment.Count,
                        "codec: a fragment's index within its count, at most 64");
                    Invariant.Check(fragment.Payload.Length <= UdpLimits.MaxMessageSize, "codec: a fragment within the message size");
                    break;
                case PaddingFrame padding:
                    Invariant.Check(padding.Length > 0, "codec: padding is at least one byte");
                    break;
            }
        }
    }

    /// <summary>A packet as text with its bytes in hex: records compare byte buffers by reference, this by content.</summary>
    private static string Text(Packet? packet) => packet is null ? "(none)" :
        $"{packet.Header}: " + string.Join(" | ", packet.Frames.Select(f => f switch
        {
            InitialFrame i => $"INITIAL {Convert.ToHexString(i.Cookie.Span)}",
            RetryFrame r => $"RETRY {Convert.ToHexString(r.Cookie.Span)}",
            AckFrame a => $"ACK {a.AckDelayMicros} " + string.Join(",", a.Ranges),
            FragmentFrame g => $"FRAGMENT {g.MessageId} {g.Index}/{g.Count} {Convert.ToHexString(g.Payload.Span)}",
            _ => f.ToString(),
        }));
}
