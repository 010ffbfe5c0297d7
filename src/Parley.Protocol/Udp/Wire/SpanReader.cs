using System.Buffers.Binary;

namespace Parley.Protocol.Udp.Wire;

/// <summary>Reads fields from a datagram front to back; every read checks the bytes are there first, so a lying
/// length field can never make the decoder read past the end or allocate more than the datagram holds.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;

    public int Position { get; private set; }

    public readonly int Remaining => _source.Length - Position;

    public readonly bool AtEnd => Position == _source.Length;

    public readonly byte PeekByte() => _source[Position];

    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }
        value = _source[Position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt16BigEndian(_source[Position..]);
        Position += 2;
        return true;
    }

    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt64BigEndian(_source[Position..]);
        Position += 8;
        return true;
    }

    public bool TryReadVarInt(out ulong value)
    {
        if (!VarInt.TryRead(_source[Position..], out value, out var length))
        {
            return false;
        }
        Position += length;
        return true;
    }

    public bool TryReadBytes(ulong count, out ReadOnlySpan<byte> bytes)
    {
        if (count > (ulong)Remaining)
        {
            bytes = default;
            return false;
        }
        bytes = _source.Slice(Position, (int)count);
        Position += (int)count;
        return true;
    }
}
