using System.Security.Cryptography;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Plain;

/// <summary>What the plain-text door remembers per session.</summary>
internal sealed class PlainState
{
    /// <summary>The room a bare line goes to.</summary>
    public string? CurrentRoom { get; set; }
}

/// <summary>The plain-text door: a person with nc or telnet. Turns typed lines and slash commands into hub commands,
/// so plain users share rooms with every other door; their replies come back through <see cref="PlainWireFormat"/>.</summary>
/// <remarks>Everything a plain user does goes through the same command table as IRC (NICK, JOIN, PRIVMSG, ...), so
/// the same rules (nick validity, bans, keys, moderation) hold for both doors.</remarks>
public static class PlainTextDoor
{
    /// <summary>The help text, one line each.</summary>
    public static readonly string[] Help =
    [
        "Anything you type is sent to your current room. Commands:",
        "  /nick NAME          choose your name",
        "  /join #room [key]   enter a room (or switch to it); what you type then goes there",
        "  /part [#room]       leave a room (your current one by default)",
        "  /msg NICK text      a private message",
        "  /me does something  an action, shown as \"* you does something\"",
        "  /who [#room]        who is in the room",
        "  /rooms              every room",
        "  /help               this text",
        "  /quit [reason]      leave (or type exit)",
        "Start a message with // to send a line that begins with /.",
    ];

    internal static PlainState? StateOf(Session session) => session.DoorState as PlainState;

    /// <summary>Greets a new plain-text session, gives it a guest nick and puts it in the default room.</summary>
    public static void Attach(ChatHub hub, Session session)
    {
        session.DoorState = new PlainState();
        session.AnswersPing = false;
        if (hub.Options.Password.Length > 0)
        {
            // Plain text has no way to give a password, and a password-protected server must not have a back door.
            Say(hub, session, "error: this server needs a password; connect with an IRC client (PASS) instead.");
            hub.Disconnect(session, "Password required");
            return;
        }
        session.UserName = "~plain";
        session.RealName = "plain-text user";
        string nick;
        do
        {
            nick = "Guest" + RandomNumberGenerator.GetInt32(1000, 100000);
        }
        while (!hub.Nicks.TryClaim(nick, session));
        hub.NoteNickTaken(nick, session);
        session.Nick = nick;
        if (Commands.Operator.ServerBanActions.RefuseIfBanned(hub, session))
        {
            return; // a K-line on the host holds for plain-text users too
        }
        hub.CompleteRegistration(session);

        Say(hub, session, $"Welcome to Parley ({hub.ServerName}), in plain-text mode: each line you type is a chat message.");
        Say(hub, session, $"You are {nick}; type /nick NAME to choose your own name, /help for the commands.");
        var lobby = hub.Options.DefaultRoom;
        if (string.IsNullOrEmpty(lobby))
        {
            Say(hub, session, "Type /rooms to see the rooms and /join #room to enter one.");
            return;
        }
        // Through JOIN like any client, so the lobby's bans, key and limit hold for plain users too.
        Join(hub, session, lobby, string.Empty);
    }

    /// <summary>Handles one typed line (null when the line was too long to take).</summary>
    public static void Receive(ChatHub hub, Session session, string? line)
    {
        if (session.IsClosing)
        {
            return;
        }
        if (line is null)
        {
            Say(hub, session, $"error: line too long (at most {IrcLimits.MaxBodyBytes * 4} bytes); it was not sent");
            return;
        }
        line = line.TrimEnd();
        if (line.Length == 0)
        {
            return;
        }
        if (line.Equals("exit", StringComparison.OrdinalIgnoreCase))
        {
            Quit(hub, session, null);
            return;
        }
        if (line[0] != '/' || line.StartsWith("//", StringComparison.Ordinal))
        {
            SayToRoom(hub, session, line.StartsWith("//", StringComparison.Ordinal) ? line[1..] : line);
            return;
        }

        var space = line.IndexOf(' ');
        var command = (space < 0 ? line[1..] : line[1..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : line[(space + 1)..].Trim();
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (command)
        {
            case "nick":
                if (words.Length != 1)
                {
                    Say(hub, session, "error: usage: /nick NAME (one word)");
                    break;
                }
                Run(hub, session, new IrcMessage("NICK", words[0]));
                break;
            case "join":
                if (words.Length is 0 or > 2)
                {
                    Say(hub, session, "error: usage: /join #room [key]");
                    break;
                }
                Join(hub, session, IrcNames.IsChannelName(words[0]) ? words[0] : "#" + words[0], words.Length > 1 ? words[1] : string.Empty);
                break;
            case "part":
            case "leave":
                Part(hub, session, words.Length > 0 && IrcNames.IsChannelName(words[0]) ? words[0] : null,
                    words.Length > 0 && IrcNames.IsChannelName(words[0]) ? string.Join(' ', words.Skip(1)) : rest);
                break;
            case "msg":
            case "query":
                var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2)
                {
                    Say(hub, session, "error: usage: /msg NICK text");
                    break;
                }
                PrivateMessage(hub, session, parts[0], parts[1].Trim());
                break;
            case "me":
                if (rest.Length == 0)
                {
                    Say(hub, session, "error: usage: /me does something");
                    break;
                }
                SayToRoom(hub, session, rest, action: true);
                break;
            case "who":
            case "names":
                Who(hub, session, words.Length > 0 ? words[0] : null);
                break;
            case "rooms":
            case "list":
                Rooms(hub, session);
                break;
            case "help":
                foreach (var help in Help)
                {
                    Say(hub, session, help);
                }
                break;
            case "quit":
            case "exit":
                Quit(hub, session, rest.Length == 0 ? null : rest);
                break;
            default:
                Say(hub, session, $"error: unknown command /{command}; type /help for the commands");
                break;
        }
    }

    private static void Join(ChatHub hub, Session session, string name, string key)
    {
        if (name.Contains(','))
        {
            Say(hub, session, "error: one room at a time: /join #room");
            return;
        }
        Run(hub, session, key.Length == 0 ? new IrcMessage("JOIN", name) : new IrcMessage("JOIN", name, key));
        if (hub.Rooms.Find(name) is { } joined && joined.Contains(session))
        {
            StateOf(session)!.CurrentRoom = joined.Name;
            Commands.History.JoinReplay.Replay(hub, session, joined);
            Say(hub, session, $"You are in {joined.Name}: what you type goes there.");
        }
    }

    private static void Part(ChatHub hub, Session session, string? name, string reason)
    {
        var state = StateOf(session)!;
        name ??= state.CurrentRoom;
        if (name is null)
        {
            Say(hub, session, "error: usage: /part #room [reason]");
            return;
        }
        Run(hub, session, reason.Length == 0 ? new IrcMessage("PART", name) : new IrcMessage("PART", name, reason));
        if (state.CurrentRoom is { } current && IrcCaseMapping.AreEqual(current, name) && !session.Rooms.Any(r => IrcCaseMapping.AreEqual(r.Name, current)))
        {
            // Leaving the current room: carry on in another room rather than send lines nowhere.
            state.CurrentRoom = session.Rooms.Count > 0 ? session.Rooms[^1].Name : null;
            Say(hub, session, state.CurrentRoom is { } next
                ? $"You are in {next}: what you type goes there."
                : "You are in no room now; /join #room to enter one.");
        }
    }

    private static void SayToRoom(ChatHub hub, Session session, string text, bool action = false)
    {
        var state = StateOf(session)!;
        if (state.CurrentRoom is null)
        {
            Say(hub, session, "error: you are in no room; /join #room first");
            return;
        }
        if (hub.Rooms.Find(state.CurrentRoom) is not { } room || !room.Contains(session))
        {
            Say(hub, session, $"error: you are no longer in {state.CurrentRoom}; /join #room to enter one");
            return;
        }
        Send(hub, session, room.Name, text, action);
    }

    private static void PrivateMessage(ChatHub hub, Session session, string target, string text)
    {
        Send(hub, session, target, text, action: false);
        if (!IrcNames.IsChannelName(target) && hub.Nicks.Find(target) is { IsRegistered: true } recipient)
        {
            // nc shows what was typed, but not to whom it went: confirm it.
            Say(hub, session, $"-> *{recipient.Nick}* {text}");
        }
    }

    /// <summary>Sends typed text as PRIVMSGs, cut so that each fits one IRC message for every reader.</summary>
    private static void Send(ChatHub hub, Session session, string target, string text, bool action)
    {
        // What an IRC reader receives: ":mask PRIVMSG target :text\r\n" in 512 bytes (ACTION adds 9 bytes).
        var overhead = Encoding.UTF8.GetByteCount($":{session.Mask} PRIVMSG {target} :\r\n") + (action ? 9 : 0);
        // A name no nick or room can have gets its one "no such nick" answer, not one for every sliver of the text
        // that would fit beside it.
        var pieces = IrcNames.IsValidNick(target) || IrcNames.IsValidChannel(target)
            ? TextSplitter.Split(text, IrcLimits.MaxBodyBytes - overhead)
            : [text];
        foreach (var chunk in pieces)
        {
            Run(hub, session, new IrcMessage("PRIVMSG", target, action ? $"\u0001ACTION {chunk}\u0001" : chunk));
            if (session.IsClosing)
            {
                return;
            }
        }
    }

    private static void Who(ChatHub hub, Session session, string? name)
    {
        name ??= StateOf(session)!.CurrentRoom;
        if (name is null)
        {
            Say(hub, session, "You are in no room; /who #room names one.");
            return;
        }
        if (hub.Rooms.Find(name) is not { } room
            || (room.Modes.HasFlag(RoomModes.Secret) && !room.Contains(session)))
        {
            Say(hub, session, $"error: {name}: no such room");
            return;
        }
        var names = room.Members
            .Where(m => room.Contains(session) || !m.Key.Modes.HasFlag(UserModes.Invisible))
            .Select(m => ChannelCommands.Prefixes(m.Value, false) + m.Key.Nick)
            .Order(StringComparer.OrdinalIgnoreCase);
        Say(hub, session, $"Users in {room.Name}: {string.Join(", ", names)}");
    }

    private static void Rooms(ChatHub hub, Session session)
    {
        var visible = hub.Rooms.All.Where(r => !r.Modes.HasFlag(RoomModes.Secret) || r.Contains(session))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (visible.Count == 0)
        {
            Say(hub, session, "There are no rooms; /join #name makes one.");
            return;
        }
        var current = StateOf(session)!.CurrentRoom;
        foreach (var room in visible)
        {
            var topic = string.IsNullOrEmpty(room.Topic) ? string.Empty : ": " + room.Topic;
            var here = current is not null && IrcCaseMapping.AreEqual(current, room.Name) ? " (current)" : string.Empty;
            Say(hub, session, $"{room.Name} ({Users(room.Members.Count)}){here}{topic}");
        }
    }

    private static string Users(int count) => count == 1 ? "1 user" : $"{count} users";

    private static void Quit(ChatHub hub, Session session, string? reason)
    {
        Say(hub, session, "Goodbye.");
        hub.Disconnect(session, reason is null ? "Quit" : "Quit: " + reason);
    }

    /// <summary>Runs one command; flood control already counted the typed line it came from.</summary>
    private static void Run(ChatHub hub, Session session, IrcMessage message) => hub.Execute(session, message);

    /// <summary>A line from the server to this plain-text user only.</summary>
    private static void Say(ChatHub hub, Session session, string text) =>
        hub.Send(session, new IrcMessage(PlainRendering.LocalLine, text));
}
