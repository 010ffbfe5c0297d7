namespace Parley.Server.Commands.Channels;

/// <summary>Length caps on text users put into rooms (TOPICLEN, KICKLEN).</summary>
internal static class RoomText
{
    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> UTF-16 units, never between the halves of a surrogate pair.</summary>
    public static string Limit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }
}
