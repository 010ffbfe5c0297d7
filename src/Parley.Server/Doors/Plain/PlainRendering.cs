using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Plain;

/// <summary>How each hub message reads to a plain-text user; null for what they need not see.</summary>
internal static class PlainRendering
{
    /// <summary>A hub-internal command for a line the plain-text door says to its own user, shown as it is.</summary>
    public const string LocalLine = "PARLEY-TEXT";

    public static string? Render(IrcMessage m, Session to)
    {
        var source = NickOf(m.Source);
        var current = PlainTextDoor.StateOf(to)?.CurrentRoom;
        switch (m.Command)
        {
            case LocalLine:
                return m.Param(0);
            case "PRIVMSG":
            case "NOTICE":
                var target = m.Param(0) ?? string.Empty;
                var text = StripCtcp(m.Param(1) ?? string.Empty);
                if (m.Source is null || !m.Source.Contains('!'))
                {
                    return $"Server: {text}";
                }
                if (IrcNames.IsChannelName(target.TrimStart('@', '+')))
                {
                    return IsCurrent(target, current) ? $"<{source}> {text}" : $"[{target}] <{source}> {text}";
                }
                return m.Command == "NOTICE" ? $"-{source}- {text}" : $"*{source}* {text}";
            case "JOIN":
                return $"* {source} joined {m.Param(0)}";
            case "PART":
                return $"* {source} left {m.Param(0)}{Reason(m.Param(1))}";
            case "QUIT":
                return $"* {source} quit{Reason(m.Param(0))}";
            case "NICK":
                return $"* {source} is now known as {m.Param(0)}";
            case "KICK":
                return $"* {m.Param(1)} was kicked from {m.Param(0)} by {source}{Reason(m.Param(2))}";
            case "TOPIC":
                return $"* {source} set the topic of {m.Param(0)}: {m.Param(1)}";
            case "INVITE":
                return $"* {source} invites you to {m.Param(1)}";
            case "ERROR":
                return $"Server: {m.Param(0)}";
            case "MODE":
                return m.Param(0) is { } t && IrcNames.IsChannelName(t) ? $"* {source} sets mode {string.Join(' ', m.Parameters.Skip(1))} on {t}" : null;
        }
        if (m.Command.Length == 3 && char.IsAsciiDigit(m.Command[0]))
        {
            return RenderNumeric(m);
        }
        return null;
    }

    private static string? RenderNumeric(IrcMessage m)
    {
        var p = m.Parameters;
        var last = p.Count > 0 ? p[^1] : string.Empty;
        switch (m.Command)
        {
            case Numerics.RPL_NAMREPLY:
                return $"Users in {m.Param(2)}: {string.Join(", ", last.Split(' ', StringSplitOptions.RemoveEmptyEntries))}";
            case Numerics.RPL_TOPIC:
                return $"Topic of {m.Param(1)}: {last}";
            case Numerics.RPL_LIST:
                return $"{m.Param(1)} ({m.Param(2)} users){(last.Length > 0 ? ": " + last : string.Empty)}";
            case Numerics.RPL_AWAY:
                return $"{m.Param(1)} is away: {last}";
            case Numerics.RPL_WHOISUSER:
                return $"{m.Param(1)} is {m.Param(2)}@{m.Param(3)} ({last})";
            case Numerics.RPL_WHOISCHANNELS:
                return $"{m.Param(1)} is in {last}";
        }
        if (m.Command[0] is '4' or '5')
        {
            // Errors: the subject (a nick, room or command) and the text.
            var subject = p.Count >= 3 ? p[^2] + ": " : string.Empty;
            return $"error: {subject}{last}";
        }
        return null; // welcome burst, list ends and other protocol replies
    }

    private static bool IsCurrent(string target, string? current) =>
        current is not null && IrcCaseMapping.AreEqual(target.TrimStart('@', '+'), current);

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? string.Empty : $" ({reason})";

    private static string NickOf(string? source)
    {
        if (source is null)
        {
            return "?";
        }
        var bang = source.IndexOf('!');
        return bang < 0 ? source : source[..bang];
    }

    private static string StripCtcp(string text)
    {
        if (text.Length > 1 && text[0] == '\x01')
        {
            var inner = text.Trim('\x01');
            return inner.StartsWith("ACTION ", StringComparison.Ordinal) ? "* " + inner[7..] : inner;
        }
        return text;
    }
}
