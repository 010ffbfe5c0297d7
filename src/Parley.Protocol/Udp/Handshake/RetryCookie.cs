using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Protocol.Udp.Handshake;

/// <summary>Makes and checks the stateless cookie of a RETRY: HMAC-SHA256 over the client's address, port,
/// connection id and the current time bucket. A client that echoes it proves it receives datagrams at that address,
/// and the server keeps no state until it does (docs/udp-protocol.md, "Handshake").</summary>
/// <param name="keys">The signing keys; rotating them elsewhere takes effect at once.</param>
/// <param name="bucketLength">How time is cut; a cookie is accepted in its own bucket and the next, so it lives
/// between one and two lengths. Default <see cref="DefaultBucketLength"/>.</param>
public sealed class RetryCookie(CookieKeyRing keys, TimeSpan? bucketLength = null)
{
    /// <summary>Ten seconds: a cookie lives 10 to 20 s, long enough for a lossy path to retry a few times.</summary>
    public static readonly TimeSpan DefaultBucketLength = TimeSpan.FromSeconds(10);

    /// <summary>The cookie's length: a whole HMAC-SHA256 output.</summary>
    public const int Length = 32;

    private static ReadOnlySpan<byte> Label => "parley retry cookie v1"u8;

    private readonly TimeSpan _bucketLength = bucketLength ?? DefaultBucketLength;

    /// <summary>The cookie for this client at time <paramref name="nowMicros"/>.</summary>
    /// <param name="address">The client's IP address bytes (4 for IPv4, 16 for IPv6; map IPv4-mapped IPv6 addresses
    /// to 4 bytes first so both spellings of one client agree).</param>
    /// <param name="port">The client's UDP port.</param>
    /// <param name="connectionId">The connection id of the client's INITIAL.</param>
    /// <param name="nowMicros">Microseconds on the server's monotonic clock.</param>
    public byte[] Create(ReadOnlySpan<byte> address, int port, ulong connectionId, long nowMicros)
    {
        var cookie = new byte[Length];
        Sign(keys.Current, address, port, connectionId, TimeBucket.Of(nowMicros, _bucketLength), cookie);
        return cookie;
    }

    /// <summary>Whether <paramref name="cookie"/> was made by this server, for this address, port and connection id,
    /// in the current or the previous time bucket, with the current or the previous key.</summary>
    public bool IsValid(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> address, int port, ulong connectionId, long nowMicros)
    {
        if (cookie.Length != Length)
        {
            return false;
        }
        var bucket = TimeBucket.Of(nowMicros, _bucketLength);
        Span<byte> expected = stackalloc byte[Length];
        foreach (var key in new[] { keys.Current, keys.Previous })
        {
            if (key is null)
            {
                continue;
            }
            for (var age = 0; age <= 1; age++)
            {
                Sign(key, address, port, connectionId, bucket - age, expected);
                if (CryptographicOperations.FixedTimeEquals(expected, cookie))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void Sign(byte[] key, ReadOnlySpan<byte> address, int port, ulong connectionId, long bucket, Span<byte> mac)
    {
        Span<byte> input = stackalloc byte[MacInput.MaxLength];
        var length = MacInput.Write(input, Label, address, port);
        BinaryPrimitives.WriteUInt64BigEndian(input[length..], connectionId);
        BinaryPrimitives.WriteInt64BigEndian(input[(length + 8)..], bucket);
        HMACSHA256.HashData(key, input[..(length + 16)], mac);
    }
}
