using System.Buffers.Binary;

namespace Parley.Protocol.Udp.Wire;

/// <summary>Writes fields into a datagram buffer front to back. Callers size their frames first (see
/// <see cref="FrameSizes"/>), so running out of room is a bug and throws.</summary>
internal ref struct SpanWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Position { get; private set; }

    public readonly int Remaining => _destination.Length - Position;

    public readonly Span<byte> Written => _destination[..Position];

    public void WriteByte(byte value) => _destination[Position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], value);
        Position += 2;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_destination[Position..], value);
        Position += 8;
    }

    public void WriteVarInt(ulong value) => Position += VarInt.Write(_destination[Position..], value);

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[Position..]);
        Position += bytes.Length;
    }

    public void WriteZeros(int count)
    {
        _destination.Slice(Position, count).Clear();
        Position += count;
    }
}
