using System.Buffers;
using System.Text;

namespace Parley.Protocol.Irc;

/// <summary>Writes <see cref="IrcMessage"/>s as wire lines ending in CR LF.</summary>
/// <remarks>CR, LF and NUL never reach the wire from any field, so no value can inject a line into a stream; the part
/// after the tags is cut to 512 bytes (at a UTF-8 boundary, in the last parameter) as RFC 1459 requires.</remarks>
public static class IrcWriter
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("\r\n\0");

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
            sb.Append(first ? '@' : ';');
            first = false;
            AppendClean(sb, tag.Key.Replace(' ', '_').Replace(';', '_').Replace('=', '_'));
            if (tag.Value.Length > 0)
            {
                sb.Append('=').Append(TagEscaping.Escape(tag.Value));
            }
        }
        if (!first)
        {
            sb.Append(' ');
        }
        var bodyStart = sb.Length;

        if (!string.IsNullOrEmpty(message.Source))
        {
            sb.Append(':');
            AppendClean(sb, message.Source.Replace(' ', '_'));
            sb.Append(' ');
        }
        AppendClean(sb, message.Command.Replace(' ', '_'));
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? string.Empty;
            sb.Append(' ');
            var last = i == parameters.Count - 1;
            if (last && (p.Length == 0 || p[0] == ':' || p.Contains(' ')))
            {
                sb.Append(':');
            }
            else if (!last)
            {
                // A middle parameter cannot hold a space or start with ':'; values that would are the server's own
                // mistake, so keep the line well-formed rather than shift the following parameters.
                p = p.Length == 0 ? "*" : p.Replace(' ', '_');
                if (p[0] == ':')
                {
                    p = "_" + p[1..];
                }
            }
            AppendClean(sb, p);
        }

        TruncateBody(sb, bodyStart);
        sb.Append("\r\n");
        return sb.ToString();
    }

    private static void AppendClean(StringBuilder sb, string value)
    {
        var span = value.AsSpan();
        while (true)
        {
            var bad = span.IndexOfAny(Forbidden);
            if (bad < 0)
            {
                sb.Append(span);
                return;
            }
            sb.Append(span[..bad]).Append(' ');
            span = span[(bad + 1)..];
        }
    }

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
            var c = sb[i];
            int width;
            if (char.IsHighSurrogate(c) && i + 1 < sb.Length)
            {
                width = 4;
            }
            else
            {
                width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
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
}
