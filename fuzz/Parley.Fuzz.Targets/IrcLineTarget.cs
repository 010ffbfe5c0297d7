using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Parley.Protocol.Irc;

namespace Parley.Fuzz.Targets;

/// <summary>The IRC wire code under any input: the bytes are what a client sends on a connection. They are framed into
/// lines (whole and in chunks), each line is parsed, and each message is written back and parsed again.</summary>
/// <remarks>Every check throws <see cref="InvariantViolationException"/>; any other exception is a bug as well.</remarks>
public static class IrcLineTarget
{
    /// <summary>A small line limit, so that the fuzzer reaches the framer's too-long paths without huge inputs.</summary>
    private const int SmallLineLimit = 24;

    /// <summary>The largest body a written message may have and still certainly not have been cut: the writer cuts
    /// only past 510 bytes, and never more than one character (at most 4 bytes) short of that.</summary>
    private const int CertainlyUncutBody = IrcLimits.MaxBodyBytes - 2 - 4;

    /// <summary>Checks every invariant for one input.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var lines = FramingInvariants(input, IrcLimits.MaxLineBytes);
        FramingInvariants(input, SmallLineLimit);
        foreach (var line in lines)
        {
            if (line is not null)
            {
                LineInvariants(line);
            }
        }
    }

    /// <summary>The framer reports the same lines however the stream is cut into reads.</summary>
    private static List<byte[]?> FramingInvariants(ReadOnlySpan<byte> input, int maxLineBytes)
    {
        var whole = FramedStream.Frame(input, maxLineBytes, []);
        foreach (var line in whole)
        {
            if (line is not null)
            {
                Invariant.Check(line.Length > 0, "framer: a line is never empty");
                Invariant.Check(line.Length <= maxLineBytes, "framer: a line is never over the limit");
                Invariant.Check(line.AsSpan().IndexOfAny((byte)'\r', (byte)'\n') < 0, "framer: a line holds no CR or LF");
            }
        }
        var seed = Seed(input);
        if (input.Length <= 64)
        {
            SameEvents(whole, FramedStream.Frame(input, maxLineBytes, Enumerable.Repeat(1, input.Length)), "byte by byte");
        }
        // At most a few hundred reads: the framer rescans what is pending on every read, as the door's does.
        var minChunk = 1 + input.Length / 256;
        SameEvents(whole, FramedStream.Frame(input, maxLineBytes, ChunkLengths(seed, minChunk, minChunk + (int)(seed % 61))), "random chunks");
        return whole;
    }

    private static void SameEvents(List<byte[]?> expected, List<byte[]?> actual, string how)
    {
        Invariant.Check(expected.Count == actual.Count, $"framer: {how} gives as many lines as one read");
        for (var i = 0; i < expected.Count; i++)
        {
            var same = expected[i] is null ? actual[i] is null : actual[i] is not null && expected[i].AsSpan().SequenceEqual(actual[i]);
            Invariant.Check(same, $"framer: {how} gives the same line {i} as one read");
        }
    }

    private static void LineInvariants(byte[] line)
    {
        var error = IrcParser.TryParse(line, out var message);

        // The pipe hands the parser multi-segment buffers: the same line cut in two must parse the same.
        var cut = line.Length / 2;
        var split = Sequences.Of([line.AsMemory(0, cut), line.AsMemory(cut)]);
        var splitError = IrcParser.TryParse(split, out var splitMessage);
        Invariant.Check(splitError == error && Same(message, splitMessage) is null, "parser: a multi-segment line parses as one span");

        // A server reads clients with the smaller tag limit: only the error may differ.
        var clientError = IrcParser.TryParse(line, out var clientMessage, IrcLimits.MaxClientTagBytes);
        Invariant.Check(Same(message, clientMessage) is null, "parser: the tag limit changes the error, not the message");
        Invariant.Check(clientError == error || clientError == IrcParseError.TooLong, "parser: a smaller tag limit can only add TooLong");

        Invariant.Check((error == IrcParseError.NoCommand) == (message is null), "parser: NoCommand exactly when there is no message");
        if (message is null)
        {
            return;
        }
        MessageShape(message);
        ErrorMatchesLine(line, error);
        WriterInvariants(message);
        TextInvariants(message);
    }

    /// <summary>What a parsed message always looks like, whatever the line.</summary>
    private static void MessageShape(IrcMessage message)
    {
        Invariant.Check(message.Command.Length > 0 && !message.Command.Contains(' '), "parser: the command is one word");
        Invariant.Check(message.Source is null || !message.Source.Contains(' '), "parser: the source is one word");
        Invariant.Check(message.Parameters.Count <= IrcLimits.MaxParameters, "parser: at most 15 parameters");
        for (var i = 0; i < message.Parameters.Count - 1; i++)
        {
            var p = message.Parameters[i];
            Invariant.Check(p.Length > 0 && p[0] != ':' && !p.Contains(' '), "parser: a middle parameter is one word not starting with ':'");
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in message.Tags)
        {
            Invariant.Check(tag.Key.Length > 0 && tag.Key.AsSpan().IndexOfAny("; =") < 0, "parser: a tag key is a non-empty word without ';' or '='");
            Invariant.Check(keys.Add(tag.Key), "parser: a tag key appears once");
        }
    }

    /// <summary>"None" promises a line within the limits, valid UTF-8 and without NUL.</summary>
    private static void ErrorMatchesLine(byte[] line, IrcParseError error)
    {
        var tagBytes = line[0] == (byte)'@' ? (line.AsSpan().IndexOf((byte)' ') is var s and >= 0 ? s + 1 : line.Length) : 0;
        var tooLong = tagBytes > IrcLimits.MaxTagBytes || line.Length - tagBytes > IrcLimits.MaxBodyBytes - 2;
        var hasNul = line.AsSpan().IndexOf((byte)0) >= 0;
        var invalid = !Utf8.IsValid(line);
        Invariant.Check(tooLong == (error == IrcParseError.TooLong), "parser: TooLong exactly when a part is over its limit");
        if (!tooLong)
        {
            Invariant.Check(hasNul == (error == IrcParseError.ContainsNul), "parser: ContainsNul exactly when there is a NUL");
            if (!hasNul)
            {
                Invariant.Check(invalid == (error == IrcParseError.InvalidUtf8), "parser: InvalidUtf8 exactly when the bytes are not UTF-8");
            }
        }
    }

    /// <summary>Whatever the message, the writer makes one well-formed line within the limits, and reading it back gives
    /// the same message when nothing had to be cut or replaced.</summary>
    private static void WriterInvariants(IrcMessage message)
    {
        var bytes = CheckWritten(message);

        var buffered = new ArrayBufferWriter<byte>();
        IrcWriter.Write(buffered, message);
        Invariant.Check(buffered.WrittenSpan.SequenceEqual(bytes), "writer: Write and ToBytes agree");
        Invariant.Check(Encoding.UTF8.GetBytes(message.ToString()).AsSpan().SequenceEqual(bytes.AsSpan(0, bytes.Length - 2)),
            "writer: ToString is the line without CR LF");

        var body = BodyLength(bytes);
        var reparseError = IrcParser.TryParse(bytes.AsSpan(0, bytes.Length - 2), out var reparsed);
        Invariant.Check(reparsed is not null, "round trip: a written message parses");
        Invariant.Check(reparseError == IrcParseError.None || (reparseError == IrcParseError.TooLong && bytes.Length - body > IrcLimits.MaxTagBytes),
            "round trip: a written message parses without error (tags past 8191 bytes aside)");
        if (body > CertainlyUncutBody)
        {
            return;
        }
        // A NUL has no way onto the wire, a command starting with '@' or ':' (from a lenient parse of "  @x CMD") would
        // read as tags or a source, and a source is cut to half the body: the writer replaces or cuts these, so only the
        // other messages come back unchanged.
        var representable = !HoldsNul(message) && message.Command[0] is not ('@' or ':')
            && Encoding.UTF8.GetByteCount(message.Source ?? "") <= IrcLimits.MaxSourceBytes;
        if (representable)
        {
            var difference = Same(message, reparsed);
            Invariant.Check(difference is null, $"round trip: parse(write(m)) == m ({difference})");
        }
        // What the writer wrote is always representable: read back, it round-trips exactly. (Its bytes need not be the
        // same as before: two tag keys that differed only by a NUL the writer replaced are one key when read back.)
        var again = IrcWriter.ToBytes(reparsed!);
        if (BodyLength(again) <= CertainlyUncutBody)
        {
            IrcParser.TryParse(again.AsSpan(0, again.Length - 2), out var third);
            var difference = Same(reparsed, third);
            Invariant.Check(difference is null, $"round trip: what the writer wrote round-trips ({difference})");
        }
    }

    private static bool HoldsNul(IrcMessage message) =>
        message.Command.Contains('\0') || (message.Source?.Contains('\0') ?? false) || message.Parameters.Any(p => p.Contains('\0'))
        || message.Tags.Any(t => t.Key.Contains('\0') || t.Value.Contains('\0'));

    private static byte[] CheckWritten(IrcMessage message)
    {
        var bytes = IrcWriter.ToBytes(message);
        Invariant.Check(bytes.Length >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n', "writer: the line ends in CR LF");
        Invariant.Check(bytes.AsSpan().Count((byte)'\r') == 1 && bytes.AsSpan().Count((byte)'\n') == 1, "writer: exactly one line");
        Invariant.Check(bytes.AsSpan().IndexOf((byte)0) < 0, "writer: no NUL on the wire");
        Invariant.Check(BodyLength(bytes) <= IrcLimits.MaxBodyBytes, "writer: the body with CR LF is at most 512 bytes");
        Invariant.Check(Utf8.IsValid(bytes), "writer: the line is UTF-8");
        return bytes;
    }

    /// <summary>The rest of the protocol's text rules, on the words the parser produced.</summary>
    private static void TextInvariants(IrcMessage message)
    {
        foreach (var tag in message.Tags)
        {
            Invariant.Check(TagEscaping.Unescape(TagEscaping.Escape(tag.Value)) == tag.Value, "tags: unescape(escape(v)) == v");
        }
        foreach (var word in message.Parameters.Prepend(message.Command))
        {
            var folded = IrcCaseMapping.Fold(word);
            Invariant.Check(folded.Length == word.Length && IrcCaseMapping.Fold(folded) == folded, "case mapping: folding keeps the length and is idempotent");
            Invariant.Check(IrcCaseMapping.AreEqual(word, folded), "case mapping: a name equals its folded form");
            if (IrcNames.IsValidNick(word))
            {
                Invariant.Check(IrcNames.IsValidNick(folded), "names: a valid nick folds to a valid nick");
            }
            if (IrcNames.IsValidChannel(word))
            {
                Invariant.Check(IrcNames.IsValidChannel(folded), "names: a valid channel folds to a valid channel");
            }
        }
        if (message.Parameters.Count > 0)
        {
            var text = message.Parameters[^1];
            // Budgets below one character too: a target longer than a line leaves less than nothing for the text.
            var maxBytes = (int)(Seed(Encoding.UTF8.GetBytes(text)) % 400) - 100;
            var pieces = TextSplitter.Split(text, maxBytes);
            Invariant.Check(pieces.Count > 0, "splitter: at least one piece");
            foreach (var piece in pieces)
            {
                Invariant.Check(Encoding.UTF8.GetByteCount(piece) <= Math.Max(maxBytes, 4), "splitter: every piece fits the budget (or one character)");
                Invariant.Check(piece.Length > 0 || pieces.Count == 1, "splitter: no empty piece");
            }
            Invariant.Check(string.Concat(pieces).Replace(" ", "") == text.Replace(" ", ""), "splitter: only spaces at the cuts are dropped");
        }
    }

    /// <summary>Null when both messages are equal part by part; otherwise which part differs.</summary>
    public static string? Same(IrcMessage? a, IrcMessage? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? null : "one is null";
        }
        if (!a.Tags.SequenceEqual(b.Tags))
        {
            return "tags";
        }
        if (a.Source != b.Source)
        {
            return "source";
        }
        if (a.Command != b.Command)
        {
            return "command";
        }
        return a.Parameters.SequenceEqual(b.Parameters) ? null : "parameters";
    }

    private static int BodyLength(byte[] bytes) =>
        bytes[0] == (byte)'@' ? bytes.Length - (Array.IndexOf(bytes, (byte)' ') + 1) : bytes.Length;

    /// <summary>FNV-1a of the input: the chunking is derived from the input itself, so every failure reproduces.</summary>
    private static ulong Seed(ReadOnlySpan<byte> input)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in input)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    private static IEnumerable<int> ChunkLengths(ulong seed, int minChunk, int maxChunk)
    {
        var state = seed | 1;
        while (true)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            yield return minChunk + (int)(state % (ulong)(maxChunk - minChunk + 1));
        }
    }
}
