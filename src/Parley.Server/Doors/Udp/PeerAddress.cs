using System.Net;

namespace Parley.Server.Doors.Udp;

/// <summary>A datagram's source as the UDP door keys and signs it: IPv4-mapped IPv6 addresses reduced to IPv4, so both
/// spellings of one client are the same peer (docs/udp-protocol.md, "Retry cookie").</summary>
internal static class PeerAddress
{
    /// <summary>The endpoint with an IPv4-mapped address turned into plain IPv4.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) => endPoint.Address.IsIPv4MappedToIPv6
        ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port)
        : endPoint;

    /// <summary>Writes the address's 4 or 16 bytes into <paramref name="destination"/> (16 bytes) and returns how many.</summary>
    public static int WriteBytes(IPAddress address, Span<byte> destination) =>
        address.TryWriteBytes(destination, out var written) ? written : throw new ArgumentException("The buffer must hold 16 bytes.", nameof(destination));
}
