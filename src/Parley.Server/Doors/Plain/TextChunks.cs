using System.Text;

namespace Parley.Server.Doors.Plain;

/// <summary>Cuts what a plain-text user typed into pieces that each fit one IRC message.</summary>
/// <remarks>A plain line may be four times longer than an IRC message; sent whole it would be cut short for every IRC
/// reader. Pieces end at a space when one is near, and never inside a UTF-8 sequence or a surrogate pair.</remarks>
internal static class TextChunks
{
    /// <summary>The pieces of <paramref name="text"/>, each at most <paramref name="maxBytes"/> bytes in UTF-8.</summary>
    public static List<string> Split(string text, int maxBytes)
    {
        maxBytes = Math.Max(maxBytes, 4); // room for any one character
        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            var bytes = 0;
            while (end < text.Length)
            {
                var pair = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]);
                var width = pair ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(end, 1));
                if (bytes + width > maxBytes)
                {
                    break;
                }
                bytes += width;
                end += pair ? 2 : 1;
            }
            if (end < text.Length)
            {
                // Prefer to break after the last space in the second half of the piece.
                var space = text.LastIndexOf(' ', end - 1, end - start);
                if (space >= start + (end - start) / 2)
                {
                    end = space + 1;
                }
            }
            var chunk = text[start..end].TrimEnd(' ');
            if (chunk.Length > 0)
            {
                chunks.Add(chunk);
            }
            start = end;
        }
        return chunks;
    }
}
