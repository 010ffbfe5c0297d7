using Parley.Protocol.Irc;

namespace Parley.Client.Chat;

/// <summary>Turns a typed line into a <see cref="TypedCommand"/>.</summary>
public static class TypedCommandParser
{
    /// <summary>The help text, one line per command.</summary>
    public static IReadOnlyList<string> HelpLines { get; } =
    [
        "Type a line to send it to the current room. Commands:",
        "  /join #room        join a room and talk there",
        "  /part [#room]      leave a room (the current one by default)",
        "  /msg nick text     send a private message",
        "  /me text           describe what you are doing",
        "  /nick name         change your nick",
        "  /who [#room]       who is in the room",
        "  /quit [reason]     disconnect (or type exit)",
        "  //text             send a line that starts with /",
    ];

    /// <summary>Parses one line as typed (without its line ending).</summary>
    public static TypedCommand Parse(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return new TypedCommand.Nothing();
        }
        if (string.Equals(trimmed, "exit", StringComparison.OrdinalIgnoreCase))
        {
            return new TypedCommand.Quit(null);
        }
        if (!trimmed.StartsWith('/'))
        {
            return new TypedCommand.Say(line.TrimEnd());
        }
        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return new TypedCommand.Say(trimmed[1..]);
        }

        var space = trimmed.IndexOf(' ');
        var name = (space < 0 ? trimmed[1..] : trimmed[1..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        return name switch
        {
            "join" or "j" => ParseJoin(rest),
            "part" or "leave" => ParsePart(rest),
            "msg" or "query" or "tell" => ParseMsg(rest),
            "me" => rest.Length == 0 ? new TypedCommand.Invalid("Usage: /me TEXT") : new TypedCommand.Act(rest),
            "nick" => ParseNick(rest),
            "who" or "names" => ParseWho(rest),
            "quit" or "exit" or "bye" => new TypedCommand.Quit(rest.Length == 0 ? null : rest),
            "help" or "?" => new TypedCommand.Help(),
            _ => new TypedCommand.Unknown(name),
        };
    }

    private static TypedCommand ParseJoin(string rest)
    {
        var (room, key) = SplitFirst(rest);
        if (room.Length == 0)
        {
            return new TypedCommand.Invalid("Usage: /join #ROOM");
        }
        room = AsRoom(room);
        return IrcNames.IsValidChannel(room)
            ? new TypedCommand.Join(room, key)
            : new TypedCommand.Invalid($"'{room}' is not a valid room name.");
    }

    private static TypedCommand ParsePart(string rest)
    {
        var (first, after) = SplitFirst(rest);
        return IrcNames.IsChannelName(first)
            ? new TypedCommand.Part(first, after)
            : new TypedCommand.Part(null, rest.Length == 0 ? null : rest);
    }

    private static TypedCommand ParseMsg(string rest)
    {
        var (target, text) = SplitFirst(rest);
        if (target.Length == 0 || text is null)
        {
            return new TypedCommand.Invalid("Usage: /msg NICK TEXT");
        }
        if (!IrcNames.IsChannelName(target) && !IrcNames.IsValidNick(target))
        {
            return new TypedCommand.Invalid($"'{target}' is not a valid nick.");
        }
        return new TypedCommand.PrivateMessage(target, text);
    }

    private static TypedCommand ParseNick(string rest)
    {
        var (nick, extra) = SplitFirst(rest);
        if (nick.Length == 0 || extra is not null)
        {
            return new TypedCommand.Invalid("Usage: /nick NAME (one word)");
        }
        return IrcNames.IsValidNick(nick)
            ? new TypedCommand.ChangeNick(nick)
            : new TypedCommand.Invalid(
                $"'{nick}' is not a valid nick: use letters, digits and -_[]{{}}\\`^|, not starting with a digit or -, at most {IrcNames.MaxNickLength} characters.");
    }

    private static TypedCommand ParseWho(string rest)
    {
        var (room, _) = SplitFirst(rest);
        return new TypedCommand.Who(room.Length == 0 ? null : AsRoom(room));
    }

    private static string AsRoom(string name) => IrcNames.IsChannelName(name) ? name : "#" + name;

    /// <summary>The first word and the rest (null when there is no rest).</summary>
    private static (string First, string? Remainder) SplitFirst(string text)
    {
        var space = text.IndexOf(' ');
        if (space < 0)
        {
            return (text, null);
        }
        var rest = text[(space + 1)..].TrimStart();
        return (text[..space], rest.Length == 0 ? null : rest);
    }
}
