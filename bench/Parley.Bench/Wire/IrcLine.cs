using System.Buffers.Text;

namespace Parley.Bench.Wire;

/// <summary>The parts of one received IRC line that the generator looks at, as slices of the line: no allocation.</summary>
internal readonly ref struct IrcLine
{
    private IrcLine(ReadOnlySpan<byte> nick, ReadOnlySpan<byte> command, ReadOnlySpan<byte> parameters)
    {
        Nick = nick;
        Command = command;
        Parameters = parameters;
    }

    /// <summary>The nick of the source (up to '!'), empty when the line has no prefix.</summary>
    public ReadOnlySpan<byte> Nick { get; }

    /// <summary>The command or numeric.</summary>
    public ReadOnlySpan<byte> Command { get; }

    /// <summary>Everything after the command, leading spaces removed.</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Splits a line (without CR LF); message tags are skipped, since the generator asks for none.</summary>
    public static IrcLine Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[0] == (byte)'@')
        {
            line = AfterSpace(line);
        }
        ReadOnlySpan<byte> nick = default;
        if (line.Length > 0 && line[0] == (byte)':')
        {
            var space = line.IndexOf((byte)' ');
            var prefix = space < 0 ? line[1..] : line[1..space];
            var bang = prefix.IndexOfAny((byte)'!', (byte)'@');
            nick = bang < 0 ? prefix : prefix[..bang];
            line = space < 0 ? default : TrimStart(line[(space + 1)..]);
        }
        var end = line.IndexOf((byte)' ');
        return end < 0
            ? new IrcLine(nick, line, default)
            : new IrcLine(nick, line[..end], TrimStart(line[(end + 1)..]));
    }

    /// <summary>Whether the command is <paramref name="command"/> (exact bytes, upper case as servers send it).</summary>
    public bool Is(ReadOnlySpan<byte> command) => Command.SequenceEqual(command);

    /// <summary>The last parameter: the text after " :", or the last word.</summary>
    public ReadOnlySpan<byte> Trailing
    {
        get
        {
            var rest = Parameters;
            if (rest.Length > 0 && rest[0] == (byte)':')
            {
                return rest[1..];
            }
            var colon = rest.IndexOf(" :"u8);
            if (colon >= 0)
            {
                return rest[(colon + 2)..];
            }
            var space = rest.TrimEnd((byte)' ').LastIndexOf((byte)' ');
            return space < 0 ? rest.TrimEnd((byte)' ') : rest[(space + 1)..].TrimEnd((byte)' ');
        }
    }

    /// <summary>The middle parameter at <paramref name="index"/> (0-based, before the trailing one), or empty.</summary>
    public ReadOnlySpan<byte> Middle(int index)
    {
        var rest = Parameters;
        for (var i = 0; rest.Length > 0 && rest[0] != (byte)':'; i++)
        {
            var space = rest.IndexOf((byte)' ');
            var word = space < 0 ? rest : rest[..space];
            if (i == index)
            {
                return word;
            }
            rest = space < 0 ? default : TrimStart(rest[(space + 1)..]);
        }
        return default;
    }

    /// <summary>Reads the decimal number at the start of <paramref name="text"/> and moves past it and one space.</summary>
    public static bool TryTakeNumber(ref ReadOnlySpan<byte> text, out long value)
    {
        if (!Utf8Parser.TryParse(text, out value, out var used))
        {
            return false;
        }
        text = text[used..];
        if (text.Length > 0 && text[0] == (byte)' ')
        {
            text = text[1..];
        }
        return true;
    }

    private static ReadOnlySpan<byte> AfterSpace(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        return space < 0 ? default : TrimStart(line[(space + 1)..]);
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> text) => text.TrimStart((byte)' ');
}
