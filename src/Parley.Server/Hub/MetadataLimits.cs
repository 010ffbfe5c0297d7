using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>The bounds of IRCv3 metadata (draft/metadata-3), advertised in the capability's value so clients know them
/// before they hit them.</summary>
public static class MetadataLimits
{
    /// <summary>The most keys a client may subscribe to.</summary>
    public const int MaxSubscriptions = 20;

    /// <summary>The most keys set on one user or one room.</summary>
    public const int MaxKeys = 20;

    /// <summary>The longest key name. Not advertised (the specification has no token for it); chosen with
    /// <see cref="MaxValueBytes"/> so that the longest RPL_KEYVALUE still fits in a 512-byte line.</summary>
    public const int MaxKeyLength = 50;

    /// <summary>The longest value in UTF-8 bytes.</summary>
    public const int MaxValueBytes = 300;

    /// <summary>The value of the capability in CAP LS 302: metadata may be set before registration, and the bounds.</summary>
    public static readonly string CapabilityValue =
        $"before-connect,max-subs={MaxSubscriptions},max-keys={MaxKeys},max-value-bytes={MaxValueBytes}";

    /// <summary>Whether <paramref name="key"/> is a valid key name: 1 to <see cref="MaxKeyLength"/> of a-z, 0-9 and
    /// "_./-".</summary>
    public static bool IsValidKey(string key)
    {
        if (key.Length == 0 || key.Length > MaxKeyLength)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_' && c != '.' && c != '/' && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="value"/> fits in <see cref="MaxValueBytes"/> (it is UTF-8 already: the parser
    /// turns away lines that are not).</summary>
    public static bool IsValidValue(string value) => System.Text.Encoding.UTF8.GetByteCount(value) <= MaxValueBytes;
}
