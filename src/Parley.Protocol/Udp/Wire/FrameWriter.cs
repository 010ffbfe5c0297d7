using System.Text;

namespace Parley.Protocol.Udp.Wire;

/// <summary>Writes headers and frames; shared by <see cref="DatagramCodec"/> and the connection's packet builder so
/// there is one encoding of each frame.</summary>
internal static class FrameWriter
{
    public static ReadOnlySpan<byte> Magic => [0xFF, (byte)'P', (byte)'R', (byte)'L'];

    public const byte Version = 1;

    public static void WriteHeader(ref SpanWriter writer, in PacketHeader header)
    {
        writer.WriteBytes(Magic);
        writer.WriteByte(Version);
        writer.WriteByte((byte)header.Type);
        writer.WriteUInt64(header.ConnectionId);
        writer.WriteUInt64(header.PacketNumber);
    }

    public static void WriteCookieFrame(ref SpanWriter writer, FrameType type, ReadOnlySpan<byte> cookie)
    {
        writer.WriteByte((byte)type);
        writer.WriteVarInt((ulong)cookie.Length);
        writer.WriteBytes(cookie);
    }

    public static void WriteAck(ref SpanWriter writer, ulong ackDelayMicros, IReadOnlyList<AckRange> ranges)
    {
        writer.WriteByte((byte)FrameType.Ack);
        writer.WriteVarInt(ranges[0].Largest);
        writer.WriteVarInt(ackDelayMicros);
        writer.WriteVarInt((ulong)ranges.Count);
        writer.WriteVarInt(ranges[0].Largest - ranges[0].Smallest);
        for (var i = 1; i < ranges.Count; i++)
        {
            writer.WriteVarInt(ranges[i - 1].Smallest - ranges[i].Largest - 2);
            writer.WriteVarInt(ranges[i].Largest - ranges[i].Smallest);
        }
    }

    public static void WriteFragment(ref SpanWriter writer, ulong messageId, int index, int count, ReadOnlySpan<byte> payload)
    {
        writer.WriteByte((byte)FrameType.Fragment);
        writer.WriteVarInt(messageId);
        writer.WriteVarInt((ulong)index);
        writer.WriteVarInt((ulong)count);
        writer.WriteVarInt((ulong)payload.Length);
        writer.WriteBytes(payload);
    }

    public static void WriteClose(ref SpanWriter writer, CloseCode code, string reason)
    {
        var bytes = ReasonBytes(reason);
        writer.WriteByte((byte)FrameType.Close);
        writer.WriteUInt16((ushort)code);
        writer.WriteVarInt((ulong)bytes.Length);
        writer.WriteBytes(bytes);
    }

    /// <summary>The UTF-8 of a close reason, cut at a character boundary to fit the limit.</summary>
    public static byte[] ReasonBytes(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        if (bytes.Length <= UdpLimits.MaxCloseReasonBytes)
        {
            return bytes;
        }
        var cut = UdpLimits.MaxCloseReasonBytes;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--; // back up to the first byte of the character that would be split
        }
        return bytes[..cut];
    }

    /// <summary>Whether <paramref name="ranges"/> are descending, disjoint, not touching, and within varint range.</summary>
    public static bool AreValidRanges(IReadOnlyList<AckRange> ranges)
    {
        if (ranges.Count is 0 or > UdpLimits.MaxAckRanges)
        {
            return false;
        }
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            if (range.Smallest > range.Largest || range.Largest > UdpLimits.MaxVarInt)
            {
                return false;
            }
            // The gap encoding (previous smallest - largest - 2) needs at least one missing packet between ranges.
            if (i > 0 && (ranges[i - 1].Smallest < 2 || range.Largest > ranges[i - 1].Smallest - 2))
            {
                return false;
            }
        }
        return true;
    }
}
