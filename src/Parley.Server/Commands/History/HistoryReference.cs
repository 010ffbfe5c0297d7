using System.Globalization;

namespace Parley.Server.Commands.History;

/// <summary>A CHATHISTORY message reference: <c>*</c>, <c>msgid=ID</c> or <c>timestamp=YYYY-MM-DDThh:mm:ss.sssZ</c>.</summary>
/// <param name="MsgId">The msgid, or null.</param>
/// <param name="Time">The moment, or null.</param>
internal readonly record struct HistoryReference(string? MsgId, DateTimeOffset? Time)
{
    /// <summary>Whether this is <c>*</c> (no reference).</summary>
    public bool IsNone => MsgId is null && Time is null;

    /// <summary>Parses a reference; <paramref name="allowStar"/> for the one place <c>*</c> is allowed (LATEST).</summary>
    public static bool TryParse(string text, bool allowStar, out HistoryReference reference)
    {
        reference = default;
        if (text == "*")
        {
            return allowStar;
        }
        if (text.StartsWith("msgid=", StringComparison.Ordinal) && text.Length > "msgid=".Length)
        {
            reference = new(text["msgid=".Length..], null);
            return true;
        }
        if (text.StartsWith("timestamp=", StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(text["timestamp=".Length..], Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            reference = new(null, time);
            return true;
        }
        return false;
    }

    /// <summary>The form the specification gives, and the same without fractions or with more digits of them.</summary>
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];
}
