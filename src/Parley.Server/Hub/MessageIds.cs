namespace Parley.Server.Hub;

/// <summary>The text of the tags every relayed message carries (msgid and server-time), written without format strings:
/// the hub stamps each message it relays, so this is on its hot path.</summary>
internal static class MessageIds
{
    /// <summary><paramref name="prefix"/> followed by <paramref name="number"/> in lower-case hex.</summary>
    public static string Next(string prefix, long number)
    {
        var digits = 1;
        for (var rest = (ulong)number >> 4; rest != 0; rest >>= 4)
        {
            digits++;
        }
        return string.Create(prefix.Length + digits, (prefix, number), static (span, state) =>
        {
            state.prefix.CopyTo(span);
            var value = (ulong)state.number;
            for (var i = span.Length - 1; i >= state.prefix.Length; i--)
            {
                span[i] = "0123456789abcdef"[(int)(value & 0xF)];
                value >>= 4;
            }
        });
    }

    /// <summary><paramref name="utc"/> as yyyy-MM-ddTHH:mm:ss.fffZ (IRCv3 server-time).</summary>
    public static string ServerTime(DateTime utc) => string.Create(24, utc, static (span, t) =>
    {
        Digits(span[..4], t.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), t.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), t.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), t.Second);
        span[19] = '.';
        Digits(span.Slice(20, 3), t.Millisecond);
        span[23] = 'Z';
    });

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
