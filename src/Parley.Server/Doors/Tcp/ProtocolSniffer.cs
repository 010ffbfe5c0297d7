using System.Buffers;
using System.Text;

namespace Parley.Server.Doors.Tcp;

/// <summary>Tells an IRC client from a person with netcat by the first line it sends.</summary>
public static class ProtocolSniffer
{
    // What IRC clients send first: registration (CAP, NICK, USER, PASS), sometimes with tags or a source.
    private static readonly string[] OpeningCommands = ["CAP", "NICK", "USER", "PASS", "WEBIRC", "AUTHENTICATE", "PING", "QUIT"];

    /// <summary>Whether the first line (without its line ending) opens an IRC registration. Commands must be upper
    /// case: a person typing "nick is here" or "Cap sizes?" is chatting, not registering.</summary>
    public static bool LooksLikeIrc(in ReadOnlySequence<byte> firstLine)
    {
        var length = (int)Math.Min(firstLine.Length, 64);
        Span<byte> head = stackalloc byte[length];
        firstLine.Slice(0, length).CopyTo(head);
        return LooksLikeIrc(Encoding.Latin1.GetString(head));
    }

    /// <inheritdoc cref="LooksLikeIrc(in ReadOnlySequence{byte})"/>
    public static bool LooksLikeIrc(string firstLine)
    {
        var line = firstLine.TrimStart();
        if (line.StartsWith('@'))
        {
            return true; // message tags: only IRCv3 clients send these
        }
        if (line.StartsWith(':'))
        {
            var space = line.IndexOf(' ');
            line = space < 0 ? string.Empty : line[(space + 1)..].TrimStart();
        }
        var end = line.IndexOf(' ');
        var word = end < 0 ? line : line[..end];
        return Array.IndexOf(OpeningCommands, word) >= 0;
    }
}
