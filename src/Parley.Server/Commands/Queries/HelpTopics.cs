using System.Collections.Frozen;

namespace Parley.Server.Commands.Queries;

/// <summary>The text HELP shows: a usage line and a short explanation per command.</summary>
internal static class HelpTopics
{
    /// <summary>Topics by upper-case command name; the first line is the usage.</summary>
    public static FrozenDictionary<string, string[]> ByCommand { get; } = new Dictionary<string, string[]>
    {
        ["ADMIN"] = ["ADMIN [<server>]", "Shows who runs this server."],
        ["AWAY"] = ["AWAY [:<message>]", "With a message, marks you away: people who message you or WHOIS you see it.",
            "Without one, marks you back."],
        ["BATCH"] = ["BATCH +<ref> draft/multiline <target> | BATCH -<ref>",
            "Opens or closes a multiline message: the PRIVMSG lines tagged batch=<ref> in between travel as one message."],
        ["CAP"] = ["CAP LS [302] | CAP REQ :<caps> | CAP LIST | CAP END", "Negotiates IRCv3 capabilities."],
        ["HELP"] = ["HELP [<subject>]", "Shows help on a command, or the list of commands without a subject."],
        ["INFO"] = ["INFO [<server>]", "Tells about the server software."],
        ["INVITE"] = ["INVITE <nick> <#room>", "Invites someone to a room (needed to join a +i room)."],
        ["ISON"] = ["ISON <nick> [<nick>...]", "Replies with those of the nicks that are online."],
        ["JOIN"] = ["JOIN <#room>[,<#room>...] [<key>[,<key>...]]", "Joins rooms, creating those that do not exist.",
            "JOIN 0 leaves every room."],
        ["KICK"] = ["KICK <#room> <nick> [:<reason>]", "Removes someone from a room (room operators only)."],
        ["KILL"] = ["KILL <nick> [:<reason>]", "Disconnects a user from the server (IRC operators only)."],
        ["LIST"] = ["LIST [<#room>[,<#room>...]]", "Lists rooms with their member counts and topics."],
        ["LUSERS"] = ["LUSERS", "Counts users, operators and rooms."],
        ["MARKREAD"] = ["MARKREAD <target> [timestamp=<time>]",
            "Tells the server up to when you have read a room or a conversation, or asks for that time."],
        ["MODE"] = ["MODE <#room> [<modes> [<arguments>...]] | MODE <nick> [<modes>]",
            "Shows or changes the modes of a room or of yourself."],
        ["MOTD"] = ["MOTD [<server>]", "Shows the message of the day."],
        ["NAMES"] = ["NAMES <#room>[,<#room>...]", "Lists the members of rooms."],
        ["NICK"] = ["NICK <nick>", "Sets or changes your nick."],
        ["NOTICE"] = ["NOTICE <target>[,<target>...] :<text>",
            "Like PRIVMSG, but never answered automatically (for bots and services)."],
        ["OPER"] = ["OPER <name> <password>", "Makes you an IRC operator, given the name and password of an operator account."],
        ["PART"] = ["PART <#room>[,<#room>...] [:<reason>]", "Leaves rooms."],
        ["PASS"] = ["PASS <password>", "Gives the connection password, before NICK and USER."],
        ["PING"] = ["PING <token>", "Asks the server to answer with PONG and the same token."],
        ["PONG"] = ["PONG <token>", "Answers a PING from the server."],
        ["PRIVMSG"] = ["PRIVMSG <target>[,<target>...] :<text>", "Sends a message to a room or to a nick."],
        ["QUIT"] = ["QUIT [:<reason>]", "Disconnects; the people in your rooms see the reason."],
        ["RENAME"] = ["RENAME <#room> <#newname> [:<reason>]",
            "Renames a room, keeping its members, modes and topic (room operators only)."],
        ["SETNAME"] = ["SETNAME :<realname>", "Changes your real name (shown by WHO and WHOIS)."],
        ["TAGMSG"] = ["TAGMSG <target>", "Sends only message tags (typing notifications, reactions)."],
        ["TIME"] = ["TIME [<server>]", "Shows the server's time."],
        ["TOPIC"] = ["TOPIC <#room> [:<topic>]", "Shows or sets a room's topic."],
        ["USER"] = ["USER <username> 0 * :<realname>", "Gives your user name and real name when connecting."],
        ["USERHOST"] = ["USERHOST <nick> [<nick>...]", "Shows the user@host of up to five nicks ('-' marks someone away)."],
        ["VERSION"] = ["VERSION [<server>]", "Shows the server version and what it supports (ISUPPORT)."],
        ["WALLOPS"] = ["WALLOPS :<text>", "Sends a message to every user with mode +w (IRC operators only)."],
        ["WHO"] = ["WHO <#room>|<mask> [o][%<fields>[,<token>]]",
            "Lists the members of a room, or the users matching a mask.",
            "'o' keeps only IRC operators; %<fields> asks for WHOX replies with the fields tcuihsnfdlaor."],
        ["WHOIS"] = ["WHOIS [<server>] <nick>", "Tells who someone is: user@host, real name, rooms, idle time, away message."],
        ["WHOWAS"] = ["WHOWAS <nick> [<count>]", "Tells who last used a nick that is no longer online."],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
