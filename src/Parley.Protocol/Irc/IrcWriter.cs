using System.Buffers;
using System.Text;

namespace Parley.Protocol.Irc;

/// <summary>Writes <see cref="IrcMessage"/>s as wire lines ending in CR LF.</summary>
/// <remarks>CR, LF and NUL never reach the wire from any field, so no value can inject a line into a stream; the part
/// after the tags is cut to 512 bytes (at a UTF-8 boundary, in the last parameter) as RFC 1459 requires.</remarks>
public static class IrcWriter
{
    // What would end the line (CR, LF; NUL ends it for C servers and clients), and what would also end a token.
    private static readonly SearchValues<char> LineBreaking = SearchValues.Create("\r\n\0");
    private static readonly SearchValues<char> TokenBreaking = SearchValues.Create("\r\n\0 ");
    private static readonly SearchValues<char> TagKeyBreaking = SearchValues.Create("\r\n\0 ;=");

    /// <summary>Writes the message with the tags <paramref name="includeTag"/> accepts (all when null).</summary>
    public static void Write(IBufferWriter<byte> output, IrcMessage message, Func<MessageTag, bool>? includeTag = null)
    {
        var line = Format(message, includeTag);
        var count = Encoding.UTF8.GetByteCount(line);
        var span = output.GetSpan(count);
        Encoding.UTF8.GetBytes(line, span);
        output.Advance(count);
    }

    /// <summary>The message as bytes, ending in CR LF.</summary>
    public static byte[] ToBytes(IrcMessage message, Func<MessageTag, bool>? includeTag = null) =>
        Encoding.UTF8.GetBytes(Format(message, includeTag));

    /// <summary>The message as text without the line ending.</summary>
    public static string ToLine(IrcMessage message) => Format(message, null).TrimEnd('\n').TrimEnd('\r');

    private static string Format(IrcMessage message, Func<MessageTag, bool>? includeTag)
    {
        var sb = new StringBuilder(128);
        var first = true;
        foreach (var tag in message.Tags)
        {
            if (includeTag is not null && !includeTag(tag))
            {
                continue;
            }
            if (tag.Key.Length == 0)
            {
                continue; // a tag without a name cannot be written (and is ignored when read)
            }
            sb.Append(first ? '@' : ';');
            first = false;
            sb.Append(Token(tag.Key, TagKeyBreaking));
            if (tag.Value.Length > 0)
            {
                // Escaping covers CR and LF; NUL has no escape, so it becomes a space (written as \s).
                sb.Append('=').Append(TagEscaping.Escape(tag.Value.Replace('\0', ' ')));
            }
        }
        if (!first)
        {
            sb.Append(' ');
        }
        var bodyStart = sb.Length;

        if (!string.IsNullOrEmpty(message.Source))
        {
            sb.Append(':').Append(CutTo(Token(message.Source, TokenBreaking), IrcLimits.MaxSourceBytes)).Append(' ');
        }
        sb.Append(CommandToken(message.Command));
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? string.Empty;
            sb.Append(' ');
            if (i == parameters.Count - 1)
            {
                // Cleaned before the colon is decided: a NUL that became a space needs the colon too.
                p = Text(p);
                if (p.Length == 0 || p[0] == ':' || p.Contains(' '))
                {
                    sb.Append(':');
                }
            }
            else
            {
                // A middle parameter cannot hold a space or start with ':'; values that would are the server's own
                // mistake, so keep the line well-formed rather than shift the following parameters.
                p = p.Length == 0 ? "*" : Token(p, TokenBreaking);
                if (p[0] == ':')
                {
                    p = "_" + p[1..];
                }
            }
            sb.Append(p);
        }

        TruncateBody(sb, bodyStart);
        sb.Append("\r\n");
        return sb.ToString();
    }

    /// <summary>The command as one word that cannot be read as a tag section or a source: a command is letters or
    /// digits, so a leading '@' or ':' (which a lenient parse of "  @x CMD" can yield) is the only thing to guard.</summary>
    private static string CommandToken(string command)
    {
        var token = Token(command, TokenBreaking);
        return token.Length > 0 && token[0] is '@' or ':' ? "_" + token[1..] : token;
    }

    /// <summary>A word that must stay one word: every character in <paramref name="breaking"/> becomes '_'.</summary>
    private static string Token(string value, SearchValues<char> breaking) =>
        value.AsSpan().IndexOfAny(breaking) < 0 ? value : Replace(value, breaking, '_');

    /// <summary>Free text (the last parameter): CR, LF and NUL become spaces, so the text keeps its length and shape.</summary>
    private static string Text(string value) =>
        value.AsSpan().IndexOfAny(LineBreaking) < 0 ? value : Replace(value, LineBreaking, ' ');

    private static string Replace(string value, SearchValues<char> chars, char replacement) =>
        string.Create(value.Length, (value, chars, replacement), static (dest, state) =>
        {
            for (var i = 0; i < dest.Length; i++)
            {
                var c = state.value[i];
                dest[i] = state.chars.Contains(c) ? state.replacement : c;
            }
        });

    private static void TruncateBody(StringBuilder sb, int bodyStart)
    {
        const int max = IrcLimits.MaxBodyBytes - 2;
        var bodyChars = sb.Length - bodyStart;
        if (bodyChars * 3 <= max)
        {
            return; // cannot exceed the limit even if every char took three bytes
        }
        var bytes = 0;
        for (var i = bodyStart; i < sb.Length; i++)
        {
            var width = Utf8Width(sb[i], i + 1 < sb.Length ? sb[i + 1] : '\0');
            if (bytes + width > max)
            {
                sb.Length = i;
                return;
            }
            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }
    }

    /// <summary>The longest start of <paramref name="value"/> that takes at most <paramref name="max"/> UTF-8 bytes.</summary>
    private static string CutTo(string value, int max)
    {
        if (value.Length * 3 <= max)
        {
            return value;
        }
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var width = Utf8Width(value[i], i + 1 < value.Length ? value[i + 1] : '\0');
            if (bytes + width > max)
            {
                return value[..i];
            }
            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }
        return value;
    }

    /// <summary>The bytes <paramref name="c"/> takes in UTF-8: 4 for a surrogate pair (with <paramref name="next"/>), kept
    /// whole; a lone surrogate is written as U+FFFD, 3 bytes.</summary>
    private static int Utf8Width(char c, char next) =>
        char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
}
