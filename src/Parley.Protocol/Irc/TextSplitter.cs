using System.Text;

namespace Parley.Protocol.Irc;

/// <summary>Cuts text into pieces that each fit in one IRC message once the server has added the sender's mask.</summary>
/// <remarks>A relayed line is cut at 512 bytes; without splitting, the end of a long paste would be lost. Used by the
/// client for what its user types and by the plain-text door for what nc users type.</remarks>
public static class TextSplitter
{
    // ":" + nick + "!" + user (18) + "@" + host (up to 64) + " ", which the server puts in front when relaying.
    private const int MaxSourceBytes = 1 + IrcNames.MaxNickLength + 1 + 18 + 1 + 64 + 1;

    /// <summary>The most UTF-8 bytes of text that fit in "COMMAND TARGET :text" relayed with any source.</summary>
    public static int Budget(string command, string target, int extraBytes = 0) =>
        IrcLimits.MaxBodyBytes - 2 - MaxSourceBytes - Encoding.UTF8.GetByteCount(command) - 1 - Encoding.UTF8.GetByteCount(target) - 2 - extraBytes;

    /// <summary>The pieces of <paramref name="text"/>, each at most <paramref name="maxBytes"/> UTF-8 bytes, cut at a
    /// space when there is one in the second half of the piece and never inside a character. A budget too small for
    /// any character (a target so long that <see cref="Budget"/> is below zero) is taken as 4 bytes, one character.</summary>
    public static List<string> Split(string text, int maxBytes)
    {
        maxBytes = Math.Max(maxBytes, 4);
        var pieces = new List<string>();
        var rest = text.AsSpan();
        while (Encoding.UTF8.GetByteCount(rest) > maxBytes)
        {
            var cut = FitChars(rest, maxBytes);
            var space = rest[..cut].LastIndexOf(' ');
            if (space > cut / 2)
            {
                cut = space;
            }
            pieces.Add(rest[..cut].ToString());
            rest = rest[cut..].TrimStart(' ');
        }
        if (rest.Length > 0 || pieces.Count == 0)
        {
            pieces.Add(rest.ToString());
        }
        return pieces;
    }

    /// <summary>How many chars from the start fit in <paramref name="maxBytes"/> of UTF-8 without splitting a surrogate
    /// pair (at least one).</summary>
    public static int FitChars(ReadOnlySpan<char> text, int maxBytes)
    {
        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var width = pair ? 4 : text[i] < 0x80 ? 1 : text[i] < 0x800 ? 2 : 3;
            if (bytes + width > maxBytes)
            {
                break;
            }
            bytes += width;
            i += pair ? 2 : 1;
        }
        return Math.Max(i, 1);
    }
}
