namespace Parley.Protocol.Udp.Wire;

/// <summary>How many bytes each frame takes on the wire, so a sender can pack a datagram before writing it.</summary>
public static class FrameSizes
{
    /// <summary>Magic (4), version (1), packet type (1), connection id (8), packet number (8).</summary>
    public const int Header = 22;

    /// <summary>A FRAGMENT frame carrying <paramref name="payloadLength"/> bytes.</summary>
    public static int Fragment(ulong messageId, int index, int count, int payloadLength) =>
        1 + VarInt.SizeOf(messageId) + VarInt.SizeOf((ulong)index) + VarInt.SizeOf((ulong)count)
        + VarInt.SizeOf((ulong)payloadLength) + payloadLength;

    /// <summary>An ACK frame with these ranges (descending) and delay.</summary>
    public static int Ack(ulong ackDelayMicros, IReadOnlyList<AckRange> ranges)
    {
        var size = 1 + VarInt.SizeOf(ranges[0].Largest) + VarInt.SizeOf(ackDelayMicros) + VarInt.SizeOf((ulong)ranges.Count)
            + VarInt.SizeOf(ranges[0].Largest - ranges[0].Smallest);
        for (var i = 1; i < ranges.Count; i++)
        {
            size += VarInt.SizeOf(ranges[i - 1].Smallest - ranges[i].Largest - 2)
                + VarInt.SizeOf(ranges[i].Largest - ranges[i].Smallest);
        }
        return size;
    }

    /// <summary>A CLOSE frame; <paramref name="reason"/> is cut to <see cref="UdpLimits.MaxCloseReasonBytes"/>.</summary>
    public static int Close(string reason)
    {
        var length = FrameWriter.ReasonBytes(reason).Length;
        return 1 + 2 + VarInt.SizeOf((ulong)length) + length;
    }

    /// <summary>An INITIAL or RETRY frame with this cookie.</summary>
    public static int Cookie(int cookieLength) => 1 + VarInt.SizeOf((ulong)cookieLength) + cookieLength;

    /// <summary>A one-byte frame (ACCEPT, PING, one PADDING byte).</summary>
    public const int Single = 1;
}
