using System.Security.Cryptography;
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
public static class PlainTextDoor
{
    /// <summary>The help text, one line each.</summary>
    public static readonly string[] Help =
    [
        "Commands: /nick NAME, /join #room, /msg NICK text, /who, /rooms, /help, /quit (or exit).",
        "Anything else you type is sent to your current room.",
    ];

    internal static PlainState? StateOf(Session session) => session.DoorState as PlainState;

    /// <summary>Greets a new plain-text session, gives it a guest nick and puts it in the default room.</summary>
    public static void Attach(ChatHub hub, Session session)
    {
        session.DoorState = new PlainState();
        session.AnswersPing = false;
        session.UserName = "~plain";
        session.RealName = "plain-text user";
        string nick;
        do
        {
            nick = "Guest" + RandomNumberGenerator.GetInt32(1000, 100000);
        }
        while (!hub.Nicks.TryClaim(nick, session));
        session.Nick = nick;
        session.IsRegistered = true;

        Say(hub, session, $"Welcome to Parley ({hub.ServerName}), plain-text mode. You are {nick}.");
        foreach (var line in Help)
        {
            Say(hub, session, line);
        }
        var room = ChannelCommands.Enter(hub, session, hub.Options.DefaultRoom);
        StateOf(session)!.CurrentRoom = room.Name;
    }

    /// <summary>Handles one typed line (null when the line was too long to take).</summary>
    public static void Receive(ChatHub hub, Session session, string? line)
    {
        if (line is null)
        {
            Say(hub, session, $"error: line too long (at most {IrcLimits.MaxBodyBytes * 4} bytes)");
            return;
        }
        line = line.TrimEnd();
        if (line.Length == 0)
        {
            return;
        }
        if (line == "exit")
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
        switch (command)
        {
            case "nick":
                Run(hub, session, new IrcMessage("NICK", rest));
                break;
            case "join":
                if (rest.Length == 0)
                {
                    Say(hub, session, "error: usage: /join #room");
                    break;
                }
                var name = IrcNames.IsChannelName(rest) ? rest.Split(' ')[0] : "#" + rest.Split(' ')[0];
                Run(hub, session, new IrcMessage("JOIN", name));
                if (hub.Rooms.Find(name) is { } joined && joined.Contains(session))
                {
                    StateOf(session)!.CurrentRoom = joined.Name;
                    Say(hub, session, $"Messages you type now go to {joined.Name}.");
                }
                break;
            case "msg":
                var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2)
                {
                    Say(hub, session, "error: usage: /msg NICK text");
                    break;
                }
                Run(hub, session, new IrcMessage("PRIVMSG", parts[0], parts[1]));
                break;
            case "who":
                Who(hub, session);
                break;
            case "rooms":
                Rooms(hub, session);
                break;
            case "help":
                foreach (var help in Help)
                {
                    Say(hub, session, help);
                }
                break;
            case "quit":
                Quit(hub, session, rest.Length == 0 ? null : rest);
                break;
            default:
                Say(hub, session, $"error: unknown command /{command}; type /help");
                break;
        }
    }

    private static void SayToRoom(ChatHub hub, Session session, string text)
    {
        var state = StateOf(session)!;
        if (state.CurrentRoom is null || hub.Rooms.Find(state.CurrentRoom) is not { } room || !room.Contains(session))
        {
            Say(hub, session, "error: you are in no room; /join #room first");
            return;
        }
        Run(hub, session, new IrcMessage("PRIVMSG", room.Name, text));
    }

    private static void Who(ChatHub hub, Session session)
    {
        var state = StateOf(session)!;
        if (state.CurrentRoom is null || hub.Rooms.Find(state.CurrentRoom) is not { } room)
        {
            Say(hub, session, "You are in no room.");
            return;
        }
        var names = room.Members.Select(m => ChannelCommands.Prefixes(m.Value, false) + m.Key.Nick);
        Say(hub, session, $"Users in {room.Name}: {string.Join(", ", names)}");
    }

    private static void Rooms(ChatHub hub, Session session)
    {
        var visible = hub.Rooms.All.Where(r => !r.Modes.HasFlag(RoomModes.Secret) || r.Contains(session)).OrderBy(r => r.Name).ToList();
        if (visible.Count == 0)
        {
            Say(hub, session, "There are no rooms.");
            return;
        }
        foreach (var room in visible)
        {
            var topic = room.Topic is null ? string.Empty : ": " + room.Topic;
            Say(hub, session, $"{room.Name} ({room.Members.Count} users){topic}");
        }
    }

    private static void Quit(ChatHub hub, Session session, string? reason)
    {
        Say(hub, session, "Goodbye.");
        hub.Disconnect(session, reason is null ? "Quit" : "Quit: " + reason);
    }

    private static void Run(ChatHub hub, Session session, IrcMessage message) => hub.Receive(session, message);

    /// <summary>A line from the server to this plain-text user only.</summary>
    private static void Say(ChatHub hub, Session session, string text) =>
        hub.Send(session, new IrcMessage(PlainRendering.LocalLine, text));
}
