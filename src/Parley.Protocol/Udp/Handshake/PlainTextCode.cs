using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Protocol.Udp.Handshake;

/// <summary>The code a plain-text (<c>nc -u</c>) user must send back before the server creates a session for their
/// address: 8 characters of Crockford base32 taken from HMAC-SHA256 over the address, port and time bucket. Stateless,
/// like <see cref="RetryCookie"/>: the server remembers nothing until the code comes back (docs/udp-protocol.md,
/// "Plain text over UDP").</summary>
/// <param name="keys">The signing keys (the same ring as the retry cookies is fine: a label keeps them apart).</param>
/// <param name="bucketLength">How time is cut; a code is accepted in its own bucket and the next. Default
/// <see cref="DefaultBucketLength"/>.</param>
public sealed class PlainTextCode(CookieKeyRing keys, TimeSpan? bucketLength = null)
{
    /// <summary>One minute: a code lives one to two minutes, time enough for a person to type it.</summary>
    public static readonly TimeSpan DefaultBucketLength = TimeSpan.FromMinutes(1);

    /// <summary>Characters in a code (40 bits).</summary>
    public const int Length = 8;

    /// <summary>Crockford's base32 alphabet: digits and capitals without I, L, O and U, so nothing reads as anything else.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static ReadOnlySpan<byte> Label => "parley plain code v1"u8;

    private readonly TimeSpan _bucketLength = bucketLength ?? DefaultBucketLength;

    /// <summary>The code for this address and port now, e.g. <c>K7QX3M9P</c>.</summary>
    public string Create(ReadOnlySpan<byte> address, int port, long nowMicros) =>
        Code(keys.Current, address, port, TimeBucket.Of(nowMicros, _bucketLength));

    /// <summary>The line the server sends to a plain-text address that has no session: <c>code: K7QX-3M9P</c> and a
    /// line feed, 16 bytes. The door sends it only while <see cref="AmplificationLimit"/> allows.</summary>
    public byte[] ChallengeLine(ReadOnlySpan<byte> address, int port, long nowMicros)
    {
        var code = Create(address, port, nowMicros);
        return Encoding.ASCII.GetBytes($"code: {code[..4]}-{code[4..]}\n");
    }

    /// <summary>Whether a datagram from this address is a valid answer: its text, ignoring case, spaces, hyphens, line
    /// ends and a leading <c>code:</c>, is the code of the current or the previous bucket under the current or the
    /// previous key. O is read as 0 and I and L as 1, as Crockford's alphabet intends.</summary>
    public bool IsValidResponse(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> address, int port, long nowMicros)
    {
        if (!TryNormalize(datagram, out var answer))
        {
            return false;
        }
        var bucket = TimeBucket.Of(nowMicros, _bucketLength);
        var matched = false;
        foreach (var key in new[] { keys.Current, keys.Previous })
        {
            for (var age = 0; key is not null && age <= 1; age++)
            {
                var expected = Code(key, address, port, bucket - age);
                // Compare every candidate in fixed time, so timing does not tell a guesser which characters were right.
                matched |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(answer));
            }
        }
        return matched;
    }

    private static bool TryNormalize(ReadOnlySpan<byte> datagram, out string answer)
    {
        answer = "";
        if (datagram.Length > 64)
        {
            return false;
        }
        var text = new StringBuilder();
        foreach (var b in datagram)
        {
            var c = char.ToUpperInvariant((char)b);
            if (c is ' ' or '\t' or '\r' or '\n' or '-')
            {
                continue;
            }
            text.Append(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c });
        }
        // "CODE:" normalizes to "C0DE:", which cannot be part of a code (':' is not in the alphabet).
        if (text.Length > 5 && text.ToString(0, 5) == "C0DE:")
        {
            text.Remove(0, 5);
        }
        answer = text.ToString();
        return answer.Length == Length;
    }

    private static string Code(byte[] key, ReadOnlySpan<byte> address, int port, long bucket)
    {
        Span<byte> input = stackalloc byte[MacInput.MaxLength];
        var length = MacInput.Write(input, Label, address, port);
        BinaryPrimitives.WriteInt64BigEndian(input[length..], bucket);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input[..(length + 8)], mac);
        // The first 40 bits of the MAC, five bits per character, most significant first.
        var bits = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(mac) << 8) | mac[4];
        Span<char> code = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            code[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(code);
    }
}
