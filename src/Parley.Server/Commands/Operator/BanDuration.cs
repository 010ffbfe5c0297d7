using System.Globalization;

namespace Parley.Server.Commands.Operator;

/// <summary>The optional duration of KLINE and DLINE: a bare number is minutes (as in ircd-hybrid and its descendants,
/// so operators' habits carry over), or numbers with units, such as 30s, 90m, 12h, 7d, 2w or 1d12h; 0 is permanent.</summary>
internal static class BanDuration
{
    /// <summary>The longest timed ban; longer ones are refused (write no duration for a permanent ban).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    /// <summary>Reads <paramref name="text"/> as a duration: true with null for permanent (0), true with the span, or
    /// false when it is not a duration at all.</summary>
    public static bool TryParse(string text, out TimeSpan? duration)
    {
        duration = null;
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }
        if (text.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > Max.TotalMinutes)
            {
                return false;
            }
            duration = minutes == 0 ? null : TimeSpan.FromMinutes(minutes);
            return true;
        }
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i == text.Length || i - start > 7
                || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            TimeSpan unit = char.ToLowerInvariant(text[i]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return false;
            }
            total += unit * amount;
            if (total > Max)
            {
                return false;
            }
            i++;
        }
        duration = total == TimeSpan.Zero ? null : total;
        return true;
    }

    /// <summary>A span as the largest whole units, such as "2d 3h" or "45s".</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return "0s";
        }
        var parts = new List<string>();
        if (span.Days > 0) { parts.Add($"{span.Days}d"); }
        if (span.Hours > 0) { parts.Add($"{span.Hours}h"); }
        if (span.Minutes > 0) { parts.Add($"{span.Minutes}m"); }
        if (span.Seconds > 0 && span < TimeSpan.FromHours(1)) { parts.Add($"{span.Seconds}s"); }
        return string.Join(' ', parts.Take(2));
    }
}
