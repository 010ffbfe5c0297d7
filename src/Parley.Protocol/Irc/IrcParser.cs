using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Parley.Protocol.Irc;

/// <summary>Parses one IRC line (without its line ending) into an <see cref="IrcMessage"/>.</summary>
public static class IrcParser
{
    /// <summary>Parses a line of bytes. On <see cref="IrcParseError.InvalidUtf8"/>, <see cref="IrcParseError.TooLong"/> and
    /// <see cref="IrcParseError.ContainsNul"/> the message is still returned when a command could be read, so the
    /// caller can answer in terms of that command.</summary>
    /// <param name="line">The line without its line ending.</param>
    /// <param name="message">The message, or null when the line holds no command.</param>
    /// <param name="maxTagBytes">The longest tag section accepted, with its '@' and trailing space: a server reading a
    /// client passes <see cref="IrcLimits.MaxClientTagBytes"/>, as IRCv3 message-tags requires of it.</param>
    public static IrcParseError TryParse(in ReadOnlySequence<byte> line, out IrcMessage? message, int maxTagBytes = IrcLimits.MaxTagBytes)
    {
        if (line.IsSingleSegment)
        {
            return TryParse(line.FirstSpan, out message, maxTagBytes);
        }
        var length = (int)line.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(rented);
            return TryParse(rented.AsSpan(0, length), out message, maxTagBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc cref="TryParse(in ReadOnlySequence{byte}, out IrcMessage?, int)"/>
    public static IrcParseError TryParse(ReadOnlySpan<byte> line, out IrcMessage? message, int maxTagBytes = IrcLimits.MaxTagBytes)
    {
        var error = IrcParseError.None;
        if (line.IndexOf((byte)0) >= 0)
        {
            error = IrcParseError.ContainsNul;
        }

        var bodyStart = 0;
        if (line.Length > 0 && line[0] == (byte)'@')
        {
            var space = line.IndexOf((byte)' ');
            bodyStart = space < 0 ? line.Length : space + 1;
        }
        if (bodyStart > maxTagBytes || line.Length - bodyStart > IrcLimits.MaxBodyBytes - 2)
        {
            error = IrcParseError.TooLong;
        }

        if (!Utf8.IsValid(line))
        {
            message = Parse(Encoding.Latin1.GetString(line));
            if (error == IrcParseError.None)
            {
                error = IrcParseError.InvalidUtf8;
            }
            return message is null ? IrcParseError.NoCommand : error;
        }

        // Decoded into a pooled buffer, not a string of its own: only the parts become strings.
        var rented = ArrayPool<char>.Shared.Rent(line.Length); // UTF-8 never takes fewer bytes than UTF-16 chars
        var chars = rented.AsSpan(0, Encoding.UTF8.GetChars(line, rented));
        message = Parse(chars);
        ArrayPool<char>.Shared.Return(rented);
        return message is null ? IrcParseError.NoCommand : error;
    }

    /// <summary>Parses a line of text; null when it holds no command.</summary>
    public static IrcMessage? Parse(string line) => Parse(line.AsSpan());

    /// <inheritdoc cref="Parse(string)"/>
    public static IrcMessage? Parse(ReadOnlySpan<char> line)
    {
        var rest = line;
        List<MessageTag>? tags = null;

        if (rest.Length > 0 && rest[0] == '@')
        {
            var space = rest.IndexOf(' ');
            var raw = space < 0 ? rest[1..] : rest[1..space];
            rest = space < 0 ? [] : rest[(space + 1)..];
            tags = ParseTags(raw);
        }
        rest = rest.TrimStart(' ');

        string? source = null;
        if (rest.Length > 0 && rest[0] == ':')
        {
            var space = rest.IndexOf(' ');
            var name = space < 0 ? rest[1..] : rest[1..space];
            // A lone ':' names no one; as null it reads the same as a line without a source, which is how it is written.
            source = name.IsEmpty ? null : name.ToString();
            rest = space < 0 ? [] : rest[(space + 1)..];
            rest = rest.TrimStart(' ');
        }

        var commandEnd = rest.IndexOf(' ');
        var command = commandEnd < 0 ? rest : rest[..commandEnd];
        if (command.IsEmpty)
        {
            return null;
        }
        rest = commandEnd < 0 ? [] : rest[(commandEnd + 1)..];

        var parameters = new Parameters();
        var count = 0;
        while (true)
        {
            rest = rest.TrimStart(' ');
            if (rest.IsEmpty)
            {
                break;
            }
            if (rest[0] == ':' || count == IrcLimits.MaxParameters - 1)
            {
                parameters[count++] = (rest[0] == ':' ? rest[1..] : rest).ToString();
                break;
            }
            var space = rest.IndexOf(' ');
            if (space < 0)
            {
                parameters[count++] = rest.ToString();
                break;
            }
            parameters[count++] = rest[..space].ToString();
            rest = rest[(space + 1)..];
        }

        return new IrcMessage(tags, source, CommandName(command), ((ReadOnlySpan<string>)parameters)[..count].ToArray());
    }

    /// <summary>Room for the most parameters a line may have, on the stack: the message gets an array of exactly its own.</summary>
    [System.Runtime.CompilerServices.InlineArray(IrcLimits.MaxParameters)]
    private struct Parameters
    {
        private string _first;
    }

    /// <summary>The command as a string; the commands of steady traffic are the same string every time.</summary>
    private static string CommandName(ReadOnlySpan<char> command) => command switch
    {
        "PRIVMSG" => "PRIVMSG",
        "NOTICE" => "NOTICE",
        "TAGMSG" => "TAGMSG",
        "PING" => "PING",
        "PONG" => "PONG",
        _ => command.ToString(),
    };

    private static List<MessageTag>? ParseTags(ReadOnlySpan<char> raw)
    {
        List<MessageTag>? tags = null;
        foreach (var range in raw.Split(';'))
        {
            var item = raw[range];
            if (item.IsEmpty)
            {
                continue;
            }
            var eq = item.IndexOf('=');
            if (eq == 0)
            {
                continue; // "=value" names no tag
            }
            var key = (eq < 0 ? item : item[..eq]).ToString();
            var value = eq < 0 ? string.Empty : TagEscaping.Unescape(item[(eq + 1)..]);
            tags ??= [];
            tags.Add(new MessageTag(key, value));
        }
        return tags is { Count: > 1 } ? LastOfEachKey(tags) : tags;
    }

    /// <summary>A repeated key: the last value wins, as the spec says, in the order of those last values. Linear in the
    /// number of tags, so a tag section of thousands of keys costs no more than its bytes.</summary>
    private static List<MessageTag> LastOfEachKey(List<MessageTag> tags)
    {
        const int Small = 8; // a pairwise check allocates nothing and is cheapest for the few tags of real clients
        var repeated = false;
        if (tags.Count <= Small)
        {
            for (var i = 0; i < tags.Count && !repeated; i++)
            {
                for (var j = i + 1; j < tags.Count; j++)
                {
                    if (tags[i].Key == tags[j].Key)
                    {
                        repeated = true;
                        break;
                    }
                }
            }
            if (!repeated)
            {
                return tags;
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<MessageTag>(tags.Count);
        for (var i = tags.Count - 1; i >= 0; i--)
        {
            if (seen.Add(tags[i].Key))
            {
                kept.Add(tags[i]);
            }
        }
        if (kept.Count == tags.Count)
        {
            return tags;
        }
        kept.Reverse();
        return kept;
    }
}
