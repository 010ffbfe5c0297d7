using System.Text;

namespace Parley.Protocol.Text;

/// <summary>Makes text from other people safe to print on a terminal: one line, no control sequences.</summary>
/// <remarks>Plain-text users and Parley's client print what others send straight on a terminal, so an escape sequence
/// from a sender could move the cursor and overwrite what is shown (a forged line without any CR or LF); IRC formatting codes would show as
/// junk. Formatting codes are removed with their colour arguments; every other control character becomes a space.</remarks>
public static class TerminalText
{
    private const char Bold = '\x02';
    private const char Color = '\x03';
    private const char HexColor = '\x04';

    /// <summary>The text with IRC formatting removed and every control character (C0 but tab, DEL, C1, line and
    /// paragraph separators) replaced by a space.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        if (!NeedsCleaning(text))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case Bold or '\x0F' or '\x11' or '\x16' or '\x1D' or '\x1E' or '\x1F':
                    continue; // bold, reset, monospace, reverse, italic, strikethrough, underline
                case Color:
                    i = SkipColorArguments(text, i, 2, char.IsAsciiDigit);
                    continue;
                case HexColor:
                    i = SkipColorArguments(text, i, 6, char.IsAsciiHexDigit);
                    continue;
            }
            sb.Append(IsControl(c) ? ' ' : c);
        }
        return sb.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
        {
            if (IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsControl(char c) =>
        (c < ' ' && c != '\t') || c is '\x7F' or '\u2028' or '\u2029' || (c >= '\x80' && c <= '\x9F');

    /// <summary>Skips "fg[,bg]" after a colour code (each at most <paramref name="width"/> digits); returns the index of
    /// the last character consumed.</summary>
    private static int SkipColorArguments(string text, int code, int width, Func<char, bool> isDigit)
    {
        var i = SkipDigits(text, code + 1, width, isDigit);
        if (i > code + 1 && i + 1 < text.Length && text[i] == ',' && isDigit(text[i + 1]))
        {
            i = SkipDigits(text, i + 1, width, isDigit);
        }
        return i - 1;
    }

    private static int SkipDigits(string text, int start, int width, Func<char, bool> isDigit)
    {
        var i = start;
        while (i < text.Length && i - start < width && isDigit(text[i]))
        {
            i++;
        }
        return i;
    }
}
