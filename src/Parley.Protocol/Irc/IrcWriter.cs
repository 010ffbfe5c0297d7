using System.Buffers;
using System.Text;

namespace Parley.Protocol.Irc;

/// <summary>Writes <see cref="IrcMessage"/>s as wire lines ending in CR LF.</summary>
/// <remarks>CR, LF and NUL never reach the wire from any field, so no value can inject a line into a stream; the part
/// after the tags is cut to 512 bytes (at a UTF-8 boundary, in the last parameter) as RFC 1459 requires.
/// The line is written as UTF-8 straight into a pooled scratch buffer (no intermediate string): every character that
/// must be replaced is ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence, so the replacements can be
/// made on the bytes. A fan-out writes each message once per capability set, so this is on the server's hot path.</remarks>
public static class IrcWriter
{
    // What would end the line (CR, LF; NUL ends it for C servers and clients), and what would also end a token.
    private static readonly SearchValues<byte> LineBreaking = SearchValues.Create("\r\n\0"u8);
    private static readonly SearchValues<byte> TokenBreaking = SearchValues.Create("\r\n\0 "u8);
    private static readonly SearchValues<byte> TagKeyBreaking = SearchValues.Create("\r\n\0 ;="u8);
    private static readonly SearchValues<char> LineBreakingOrSpace = SearchValues.Create("\r\n\0 ");
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(";\\ \r\n\0");

    /// <summary>Writes the message with the tags <paramref name="includeTag"/> accepts (all when null).</summary>
    public static void Write(IBufferWriter<byte> output, IrcMessage message, Func<MessageTag, bool>? includeTag = null)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(MaxBytes(message));
        var length = Format(scratch, message, includeTag);
        scratch.AsSpan(0, length).CopyTo(output.GetSpan(length));
        output.Advance(length);
        ArrayPool<byte>.Shared.Return(scratch);
    }

    /// <summary>The message as bytes, ending in CR LF.</summary>
    public static byte[] ToBytes(IrcMessage message, Func<MessageTag, bool>? includeTag = null)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(MaxBytes(message));
        var length = Format(scratch, message, includeTag);
        var bytes = scratch.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(scratch);
        return bytes;
    }

    /// <summary>The message as text without the line ending.</summary>
    public static string ToLine(IrcMessage message)
    {
        var bytes = ToBytes(message);
        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - 2);
    }

    /// <summary>An upper bound of the line's length in bytes: a UTF-16 character takes at most 3 bytes in UTF-8 (a
    /// surrogate pair 4 for its two), and an escaped tag character at most 2 ASCII bytes; plus the separators.</summary>
    private static int MaxBytes(IrcMessage message)
    {
        var chars = 0;
        var separators = 8; // '@', ' ' after the tags, ':' and ' ' around the source, CR LF, and some to spare
        foreach (var tag in message.Tags)
        {
            chars += tag.Key.Length + tag.Value.Length; // the tags left out only make the bound looser
            separators += 2;
        }
        chars += (message.Source?.Length ?? 0) + message.Command.Length;
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            chars += parameters[i]?.Length ?? 0;
            separators += 3; // ' ', a ':' or the '*' of an empty middle parameter, the '_' of a leading ':'
        }
        return (chars * 3) + separators;
    }

    private static int Format(byte[] buffer, IrcMessage message, Func<MessageTag, bool>? includeTag)
    {
        var line = new LineBuilder(buffer);
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
            line.Add(first ? (byte)'@' : (byte)';');
            first = false;
            line.AddToken(tag.Key, TagKeyBreaking);
            if (tag.Value.Length > 0)
            {
                line.Add((byte)'=');
                line.AddEscaped(tag.Value);
            }
        }
        if (!first)
        {
            line.Add((byte)' ');
        }
        var bodyStart = line.Length;

        if (!string.IsNullOrEmpty(message.Source))
        {
            line.Add((byte)':');
            var sourceStart = line.Length;
            line.AddToken(message.Source, TokenBreaking);
            line.CutTo(sourceStart, IrcLimits.MaxSourceBytes);
            line.Add((byte)' ');
        }
        AddCommand(ref line, message.Command);
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? string.Empty;
            line.Add((byte)' ');
            if (i == parameters.Count - 1)
            {
                // Decided on the cleaned text: a NUL (or CR, LF) that becomes a space needs the colon too.
                if (p.Length == 0 || p[0] == ':' || p.AsSpan().ContainsAny(LineBreakingOrSpace))
                {
                    line.Add((byte)':');
                }
                // Free text: CR, LF and NUL become spaces, so the text keeps its length and shape.
                line.AddReplacing(p, LineBreaking, (byte)' ');
            }
            else if (p.Length == 0)
            {
                line.Add((byte)'*');
            }
            else
            {
                // A middle parameter cannot hold a space or start with ':'; values that would are the server's own
                // mistake, so keep the line well-formed rather than shift the following parameters.
                var start = line.Length;
                line.AddToken(p, TokenBreaking);
                line.ReplaceLeadingColon(start);
            }
        }

        line.CutTo(bodyStart, IrcLimits.MaxBodyBytes - 2);
        line.Add((byte)'\r');
        line.Add((byte)'\n');
        return line.Length;
    }

    /// <summary>The command as one word that cannot be read as a tag section or a source: a command is letters or
    /// digits, so a leading '@' or ':' (which a lenient parse of "  @x CMD" can yield) is the only thing to guard.</summary>
    private static void AddCommand(ref LineBuilder line, string command)
    {
        var start = line.Length;
        line.AddToken(command, TokenBreaking);
        if (line.Length > start && line[start] is (byte)'@' or (byte)':')
        {
            line[start] = (byte)'_';
        }
    }

    /// <summary>Bytes appended to a buffer known to be large enough (see <see cref="MaxBytes"/>).</summary>
    private ref struct LineBuilder(byte[] buffer)
    {
        private readonly Span<byte> _bytes = buffer;

        public int Length { get; private set; }

        public readonly ref byte this[int index] => ref _bytes[index];

        public void Add(byte b) => _bytes[Length++] = b;

        /// <summary>Appends <paramref name="text"/> as UTF-8; a lone surrogate becomes U+FFFD, as Encoding.UTF8 writes it.</summary>
        public void AddText(string text) => Length += Encoding.UTF8.GetBytes(text, _bytes[Length..]);

        /// <summary>A word that must stay one word: every byte in <paramref name="breaking"/> becomes '_'.</summary>
        public void AddToken(string value, SearchValues<byte> breaking) => AddReplacing(value, breaking, (byte)'_');

        public void AddReplacing(string value, SearchValues<byte> chars, byte replacement)
        {
            var start = Length;
            AddText(value);
            var written = _bytes[start..Length];
            for (var i = written.IndexOfAny(chars); i >= 0; i = written.IndexOfAny(chars))
            {
                written[i] = replacement;
                written = written[(i + 1)..];
            }
        }

        /// <summary>A middle parameter that starts with ':' would read as the last one: its ':' becomes '_'.</summary>
        public readonly void ReplaceLeadingColon(int start)
        {
            if (_bytes[start] == (byte)':')
            {
                _bytes[start] = (byte)'_';
            }
        }

        /// <summary>Appends a tag value with the IRCv3 escapes (';' as \:, space as \s, '\' as \\, CR as \r, LF as \n);
        /// NUL has no escape, so it is written as a space (\s).</summary>
        public void AddEscaped(string value)
        {
            if (!value.AsSpan().ContainsAny(NeedsEscape))
            {
                AddText(value);
                return;
            }
            var start = Length;
            AddText(value);
            // Escaping only ever widens ASCII bytes: move the text to the end of the room it may need, then write it back
            // from the start with the escapes.
            var text = _bytes[start..Length];
            var escapes = text.Count((byte)';') + text.Count((byte)' ') + text.Count((byte)'\\') + text.Count((byte)'\r')
                + text.Count((byte)'\n') + text.Count((byte)0);
            var source = _bytes.Slice(start + escapes, text.Length);
            text.CopyTo(source);
            var at = start;
            foreach (var b in source)
            {
                var escape = b switch
                {
                    (byte)';' => (byte)':',
                    (byte)' ' or 0 => (byte)'s',
                    (byte)'\\' => (byte)'\\',
                    (byte)'\r' => (byte)'r',
                    (byte)'\n' => (byte)'n',
                    _ => (byte)0,
                };
                if (escape == 0)
                {
                    _bytes[at++] = b;
                }
                else
                {
                    _bytes[at++] = (byte)'\\';
                    _bytes[at++] = escape;
                }
            }
            Length = at;
        }

        /// <summary>Cuts what was written since <paramref name="start"/> to at most <paramref name="max"/> bytes, at a
        /// UTF-8 character boundary (a surrogate pair's four bytes stay whole or go together).</summary>
        public void CutTo(int start, int max)
        {
            if (Length - start <= max)
            {
                return;
            }
            var end = start + max;
            while (end > start && (_bytes[end] & 0xC0) == 0x80)
            {
                end--; // a continuation byte: the character it belongs to does not fit
            }
            Length = end;
        }
    }
}
