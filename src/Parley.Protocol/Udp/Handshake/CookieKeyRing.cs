namespace Parley.Protocol.Udp.Handshake;

/// <summary>The server's secret keys for retry cookies and plain-text codes: the current key signs, the current and
/// the previous key verify, so rotating the key does not break handshakes under way. Keys come from the caller
/// (a cryptographic random source in the server, fixed bytes in tests). Not thread-safe: rotate on the thread that
/// checks cookies.</summary>
public sealed class CookieKeyRing
{
    /// <summary>The shortest key accepted, in bytes.</summary>
    public const int MinKeyLength = 16;

    private byte[] _current;
    private byte[]? _previous;

    /// <summary>A ring holding <paramref name="key"/> as its only key.</summary>
    public CookieKeyRing(ReadOnlySpan<byte> key) => _current = Check(key);

    /// <summary>Makes <paramref name="newKey"/> the signing key; the old one still verifies until the next rotation.</summary>
    public void Rotate(ReadOnlySpan<byte> newKey)
    {
        var next = Check(newKey);
        _previous = _current;
        _current = next;
    }

    internal byte[] Current => _current;

    internal byte[]? Previous => _previous;

    private static byte[] Check(ReadOnlySpan<byte> key) => key.Length >= MinKeyLength
        ? key.ToArray()
        : throw new ArgumentException($"A cookie key needs at least {MinKeyLength} bytes.", nameof(key));
}
