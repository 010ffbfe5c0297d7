using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Plain;

/// <summary>How each hub message reads to a plain-text user; null for what they need not see.</summary>
/// <remarks>Events start with "* ", chat lines are "&lt;nick&gt; text" ("[#room] &lt;nick&gt; text" outside the
/// reader's current room), private messages "*nick* text", the server "Server: text" and failures "error: text".</remarks>
internal static class PlainRendering
{
    /// <summary>A hub-internal command for a line the plain-text door says to its own user, shown as it is.</summary>
    public const string LocalLine = "PARLEY-TEXT";

    public static string? Render(IrcMessage m, Session to)
    {
        var source = NickOf(m.Source);
        var self = to.Nick is not null && IrcCaseMapping.AreEqual(source, to.Nick);
        switch (m.Command)
        {
            case LocalLine:
                return m.Param(0);
            case "PRIVMSG":
            case "NOTICE":
                return RenderText(m, to, source);
            case "JOIN":
                return self ? $"* You joined {m.Param(0)}" : $"* {source} joined {m.Param(0)}";
            case "PART":
                return $"* {(self ? "You" : source)} left {m.Param(0)}{Reason(m.Param(1))}";
            case "QUIT":
                return $"* {source} quit{Reason(QuitReason(m.Param(0)))}";
            case "NICK":
                // The hub renames the session before it sends the change, so "self" is the new nick.
                return to.Nick is not null && IrcCaseMapping.AreEqual(m.Param(0) ?? string.Empty, to.Nick)
                    ? $"* You are now known as {m.Param(0)}"
                    : $"* {source} is now known as {m.Param(0)}";
            case "KICK":
                var kicked = m.Param(1) ?? string.Empty;
                var who = to.Nick is not null && IrcCaseMapping.AreEqual(kicked, to.Nick) ? "You were" : kicked + " was";
                return $"* {who} kicked from {m.Param(0)} by {source}{Reason(m.Param(2))}";
            case "TOPIC":
                return string.IsNullOrEmpty(m.Param(1))
                    ? $"* {source} cleared the topic of {m.Param(0)}"
                    : $"* {source} set the topic of {m.Param(0)}: {m.Param(1)}";
            case "INVITE":
                return $"* {source} invites you to {m.Param(1)} (type /join {m.Param(1)})";
            case "MODE":
                return m.Param(0) is { } target && IrcNames.IsChannelName(target)
                    ? $"* {source} sets mode {string.Join(' ', m.Parameters.Skip(1))} on {target}"
                    : null; // user modes are protocol detail
            case "ERROR":
                return $"Server: {m.Param(0)}";
            case "FAIL":
                return $"error: {Last(m)}";
            case "WARN":
                return $"warning: {Last(m)}";
            case "NOTE":
                return $"Server: {Last(m)}";
            case "WALLOPS":
                return $"Server: {m.Param(0)}";
        }
        if (m.Command.Length == 3 && char.IsAsciiDigit(m.Command[0]))
        {
            return RenderNumeric(m);
        }
        return null; // PING, CAP, TAGMSG, BATCH and the like
    }

    private static string? RenderText(IrcMessage m, Session to, string source)
    {
        var target = m.Param(0) ?? string.Empty;
        var text = m.Param(1) ?? string.Empty;
        var action = false;
        if (text.Length > 0 && text[0] == '\x01')
        {
            var inner = text.Trim('\x01');
            if (m.Command != "PRIVMSG" || !inner.StartsWith("ACTION ", StringComparison.Ordinal))
            {
                return null; // CTCP requests and replies (VERSION, PING, ...) mean nothing on a terminal
            }
            text = inner[7..];
            action = true;
        }

        var room = target.TrimStart('@', '+');
        var inRoom = IrcNames.IsChannelName(room);
        var prefix = inRoom && !IsCurrent(room, to) ? $"[{room}] " : string.Empty;
        if (m.Tag("batch") is not null && m.Tag("time") is { } time
            && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            // Only history reaches this door in a batch (replay on join): it reads with the time it was said.
            prefix = $"[{at.UtcDateTime:HH:mm}] " + prefix;
        }
        if (m.Source is null || !m.Source.Contains('!'))
        {
            return $"{prefix}Server: {text}"; // the server (or its operator) speaking, not a person
        }
        if (action)
        {
            return inRoom ? $"{prefix}* {source} {text}" : $"* {source} {text} (privately)";
        }
        if (inRoom)
        {
            return m.Command == "NOTICE" ? $"{prefix}-{source}- {text}" : $"{prefix}<{source}> {text}";
        }
        return m.Command == "NOTICE" ? $"-{source}- {text}" : $"*{source}* {text}";
    }

    private static string? RenderNumeric(IrcMessage m)
    {
        var p = m.Parameters;
        var last = Last(m);
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
            // Errors: the subject (a nick, room or command) and the text; the first parameter is the reader's nick.
            var subject = p.Count >= 3 ? p[^2] + ": " : string.Empty;
            return $"error: {subject}{last}";
        }
        return null; // welcome burst, list ends and other protocol replies
    }

    private static string Last(IrcMessage m) => m.Parameters.Count > 0 ? m.Parameters[^1] : string.Empty;

    private static bool IsCurrent(string room, Session to) =>
        PlainTextDoor.StateOf(to)?.CurrentRoom is { } current && IrcCaseMapping.AreEqual(room, current);

    /// <summary>"Quit: gone" reads as "gone"; a bare "Quit" says nothing more than "quit".</summary>
    private static string? QuitReason(string? reason) => reason switch
    {
        "Quit" => null,
        not null when reason.StartsWith("Quit: ", StringComparison.Ordinal) => reason[6..],
        _ => reason,
    };

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
}
