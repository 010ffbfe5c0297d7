using System.Text;

namespace Parley.Protocol.Irc;

/// <summary>The IRCv3 message-tags value escaping: ';' as \:, space as \s, '\' as \\, CR as \r, LF as \n.</summary>
public static class TagEscaping
{
    /// <summary>Unescapes a raw tag value; an unknown escape stands for the character itself and a trailing lone '\' is dropped.</summary>
    public static string Unescape(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            return raw.ToString();
        }
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i == raw.Length)
            {
                break;
            }
            sb.Append(raw[i] switch
            {
                ':' => ';',
                's' => ' ',
                'r' => '\r',
                'n' => '\n',
                var other => other,
            });
        }
        return sb.ToString();
    }

    /// <summary>Escapes a tag value for the wire.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(";\\ \r\n") < 0)
        {
            return value;
        }
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case ';': sb.Append("\\:"); break;
                case ' ': sb.Append("\\s"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\r': sb.Append("\\r"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Tags in their wire form without the leading '@': <c>key=escaped;key2</c> (a tag with an empty value is
    /// its key alone).</summary>
    public static string Join(IEnumerable<MessageTag> tags)
    {
        var sb = new StringBuilder();
        foreach (var tag in tags)
        {
            if (sb.Length > 0)
            {
                sb.Append(';');
            }
            sb.Append(tag.Key);
            if (tag.Value.Length > 0)
            {
                sb.Append('=').Append(Escape(tag.Value));
            }
        }
        return sb.ToString();
    }

    /// <summary>The tags of a wire form written by <see cref="Join"/>, values unescaped.</summary>
    public static IEnumerable<MessageTag> Split(string wire)
    {
        foreach (var raw in wire.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? new(raw, string.Empty) : new(raw[..equals], Unescape(raw.AsSpan(equals + 1)));
        }
    }
}
