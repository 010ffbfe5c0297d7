using System.Text;

namespace Parley.Client.Chat;

/// <summary>Makes text from the network safe to print on a terminal.</summary>
/// <remarks>Anyone can send any bytes in a message; an escape sequence printed as-is could clear the screen, move the
/// cursor over the line being typed or retitle the window. IRC formatting codes (bold, colours) are dropped too, since
/// the client prints plain text.</remarks>
public static class DisplayText
{
    private const char Bold = '\x02';
    private const char Colour = '\x03';
    private const char HexColour = '\x04';

    /// <summary>The text without control characters or IRC formatting codes.</summary>
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
            if (c == Colour)
            {
                i = SkipColour(text, i, isDigit: char.IsAsciiDigit, width: 2);
            }
            else if (c == HexColour)
            {
                i = SkipColour(text, i, isDigit: char.IsAsciiHexDigit, width: 6);
            }
            else if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (!IsControl(c))
            {
                sb.Append(c);
            }
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

    // C0 controls (which include ESC, BEL and the IRC formatting codes such as Bold), DEL and the C1 controls.
    private static bool IsControl(char c) => c < ' ' || c == Bold || (c >= '\x7f' && c <= '\x9f');

    /// <summary>Skips a colour code and its optional foreground[,background] digits; returns the index of its last char.</summary>
    private static int SkipColour(string text, int start, Func<char, bool> isDigit, int width)
    {
        var i = start;
        var digits = CountDigits(text, i + 1, isDigit, width);
        if (digits == 0)
        {
            return i;
        }
        i += digits;
        if (i + 1 < text.Length && text[i + 1] == ',')
        {
            var background = CountDigits(text, i + 2, isDigit, width);
            if (background > 0)
            {
                i += 1 + background;
            }
        }
        return i;
    }

    private static int CountDigits(string text, int from, Func<char, bool> isDigit, int max)
    {
        var n = 0;
        while (n < max && from + n < text.Length && isDigit(text[from + n]))
        {
            n++;
        }
        return n;
    }
}
