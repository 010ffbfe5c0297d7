using System.Buffers.Text;

namespace Parley.Bench.Wire;

/// <summary>Names of the generator's clients and rooms: "b" + a run tag + the client's number, so a client's number can
/// be read back from any line, and a run never collides with the leftovers of the one before.</summary>
internal sealed class Nicks
{
    /// <summary>Makes names with a fresh random two-letter run tag.</summary>
    public Nicks() : this(RandomTag())
    {
    }

    /// <summary>Makes names with <paramref name="tag"/> (two lower-case letters).</summary>
    public Nicks(string tag)
    {
        Tag = tag;
        _prefix = "b" + tag;
    }

    private readonly string _prefix;

    /// <summary>The run tag.</summary>
    public string Tag { get; }

    /// <summary>The nick of client <paramref name="index"/>; 9 characters at most up to 999,999 clients (ngircd's default
    /// nick length).</summary>
    public string Nick(int index) => _prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name of room <paramref name="index"/>.</summary>
    public string Room(int index) => "#" + _prefix + "r" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The client number in a nick of this run, or -1 for anyone else.</summary>
    public int IndexOf(ReadOnlySpan<byte> nick)
    {
        if (nick.Length <= _prefix.Length || nick[0] != (byte)'b' || nick[1] != (byte)Tag[0] || nick[2] != (byte)Tag[1])
        {
            return -1;
        }
        return Utf8Parser.TryParse(nick[_prefix.Length..], out int index, out var used) && used == nick.Length - _prefix.Length
            ? index
            : -1;
    }

    private static string RandomTag() =>
        string.Concat((char)('a' + Random.Shared.Next(26)), (char)('a' + Random.Shared.Next(26)));
}
