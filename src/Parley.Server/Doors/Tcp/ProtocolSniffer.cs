using System.Buffers;
using System.Text;

namespace Parley.Server.Doors.Tcp;

/// <summary>Tells an IRC client from a person with netcat by the first line it sends.</summary>
public static class ProtocolSniffer
{
    // What IRC clients send first: registration (CAP, NICK, USER, PASS), sometimes with tags or a source.
    private static readonly string[] OpeningCommands = ["CAP", "NICK", "USER", "PASS", "WEBIRC", "AUTHENTICATE", "PING", "QUIT"];

    // Enough for a tag section a client would send before registering, and the command after it.
    private const int SniffBytes = 1024;

    /// <summary>Whether the first line (without its line ending) opens an IRC registration. Commands must be upper
    /// case: a person typing "nick is here" or "Cap sizes?" is chatting, not registering.</summary>
    public static bool LooksLikeIrc(in ReadOnlySequence<byte> firstLine) =>
        LooksLikeIrc(Encoding.Latin1.GetString(firstLine.Slice(0, Math.Min(firstLine.Length, SniffBytes))));

    /// <inheritdoc cref="LooksLikeIrc(in ReadOnlySequence{byte})"/>
    public static bool LooksLikeIrc(string firstLine)
    {
        var line = firstLine.TrimStart();
        // Tags and a source may come first; only the command decides, so "@bob are you there?" is a person.
        if (line.StartsWith('@'))
        {
            line = AfterFirstWord(line);
        }
        if (line.StartsWith(':'))
        {
            line = AfterFirstWord(line);
        }
        var end = line.IndexOf(' ');
        var word = end < 0 ? line : line[..end];
        return Array.IndexOf(OpeningCommands, word) >= 0;
    }

    private static string AfterFirstWord(string line)
    {
        var space = line.IndexOf(' ');
        return space < 0 ? string.Empty : line[(space + 1)..].TrimStart();
    }
}
