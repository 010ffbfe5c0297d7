using System.Buffers.Binary;

namespace Parley.Protocol.Udp.Wire;

/// <summary>QUIC's variable-length integer (RFC 9000 §16): the top two bits of the first byte give the length
/// (1, 2, 4 or 8 bytes), the rest is the value, big-endian, up to 2^62 - 1.</summary>
public static class VarInt
{
    /// <summary>The bytes the shortest encoding of <paramref name="value"/> takes.</summary>
    public static int SizeOf(ulong value) => value switch
    {
        < 1UL << 6 => 1,
        < 1UL << 14 => 2,
        < 1UL << 30 => 4,
        <= UdpLimits.MaxVarInt => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Larger than 2^62 - 1."),
    };

    /// <summary>Writes the shortest encoding of <paramref name="value"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        switch (SizeOf(value))
        {
            case 1:
                destination[0] = (byte)value;
                return 1;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                return 2;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                return 4;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                return 8;
        }
    }

    /// <summary>Reads one integer from the start of <paramref name="source"/>; false if it is cut short.
    /// A longer-than-needed encoding is accepted, as in QUIC.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        if (source.IsEmpty)
        {
            return false;
        }
        var size = 1 << (source[0] >> 6);
        if (source.Length < size)
        {
            return false;
        }
        value = size switch
        {
            1 => source[0] & 0x3FUL,
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3FFFUL,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3FFF_FFFFUL,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & UdpLimits.MaxVarInt,
        };
        length = size;
        return true;
    }
}
