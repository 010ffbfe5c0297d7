using System.Buffers.Binary;

namespace Parley.Protocol.Udp.Handshake;

/// <summary>The common start of what cookies and codes sign: a label that keeps the two kinds apart, then the
/// address (with its length, so 4- and 16-byte addresses cannot collide) and the port.</summary>
internal static class MacInput
{
    /// <summary>Room for the longest label, an IPv6 address, the port and 16 more bytes.</summary>
    public const int MaxLength = 32 + 1 + 16 + 2 + 16;

    public static int Write(Span<byte> destination, ReadOnlySpan<byte> label, ReadOnlySpan<byte> address, int port)
    {
        if (address.Length is 0 or > 16)
        {
            throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(address));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        label.CopyTo(destination);
        var length = label.Length;
        destination[length++] = (byte)address.Length;
        address.CopyTo(destination[length..]);
        length += address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[length..], (ushort)port);
        return length + 2;
    }
}
