using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>Being in rooms: JOIN, PART, NAMES (and the room commands added beside them).</summary>
internal sealed partial class ChannelCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("JOIN", Join, MinParams: 1),
        new("PART", Part, MinParams: 1),
        new("NAMES", Names),
        .. MoreCommands,
    ];

    private static void Join(CommandContext ctx)
    {
        var session = ctx.Session;
        if (ctx.Params[0] == "0")
        {
            foreach (var room in session.Rooms.ToList())
            {
                Leave(ctx.Hub, session, room, "PART", null);
            }
            return;
        }
        var names = ctx.Params[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var keys = (ctx.Param(1) ?? string.Empty).Split(',');
        for (var i = 0; i < names.Length; i++)
        {
            JoinOne(ctx, names[i], i < keys.Length ? keys[i] : string.Empty);
        }
    }

    private static void JoinOne(CommandContext ctx, string name, string key)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (!IrcNames.IsValidChannel(name))
        {
            ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        var existing = hub.Rooms.Find(name);
        if (existing is not null && existing.Contains(session))
        {
            return;
        }
        if (session.Rooms.Count >= ServerSupport.MaxRooms)
        {
            ctx.Reply(Numerics.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
            return;
        }
        if (existing is not null)
        {
            var invited = existing.Invited.Contains(session);
            if (existing.JoinKey is { } required && required != key)
            {
                ctx.Reply(Numerics.ERR_BADCHANNELKEY, existing.Name, "Cannot join channel (+k)");
                return;
            }
            if (existing.Limit is { } limit && existing.Members.Count >= limit && !invited)
            {
                ctx.Reply(Numerics.ERR_CHANNELISFULL, existing.Name, "Cannot join channel (+l)");
                return;
            }
            if (existing.Modes.HasFlag(RoomModes.InviteOnly) && !invited && !RoomPolicy.IsInviteExcepted(existing, session))
            {
                ctx.Reply(Numerics.ERR_INVITEONLYCHAN, existing.Name, "Cannot join channel (+i)");
                return;
            }
            if (RoomPolicy.IsBanned(existing, session) && !invited)
            {
                ctx.Reply(Numerics.ERR_BANNEDFROMCHAN, existing.Name, "Cannot join channel (+b)");
                return;
            }
        }
        Enter(hub, session, name);
    }

    /// <summary>Puts a session in a room (creating it, with the creator as operator) and tells everyone there.</summary>
    internal static Room Enter(ChatHub hub, Session session, string name)
    {
        var room = hub.Rooms.GetOrCreate(name, hub.Time.GetUtcNow(), out var created);
        if (room.Contains(session))
        {
            return room;
        }
        room.Members[session] = created ? MemberStatus.Operator : MemberStatus.None;
        room.Invited.Remove(session);
        session.Invitations.Remove(room);
        session.Rooms.Add(room);

        var plain = hub.Stamp(new IrcMessage(null, session.Mask, "JOIN", [room.Name]), sender: session);
        var extended = new IrcMessage(plain.Tags, session.Mask, "JOIN", [room.Name, session.Account ?? "*", session.RealName]);
        hub.SendToMany(room.Members.Keys.Where(m => !m.Has(Capability.ExtendedJoin)), plain);
        hub.SendToMany(room.Members.Keys.Where(m => m.Has(Capability.ExtendedJoin)), extended);
        Queries.AwayCommand.AnnounceOnJoin(hub, session, room);
        if (room.Topic is not null)
        {
            SendTopic(hub, session, room);
        }
        Messaging.ReadMarkerCommand.AnnounceOnJoin(hub, session, room);
        SendNames(hub, session, room);
        Metadata.MetadataNotifications.Joined(hub, session, room);
        History.JoinReplay.AfterJoin(hub, session, room);
        hub.MessageLog.LogInformation("{Nick} joined {Room}", session.Nick, room.Name);
        return room;
    }

    private static void Part(CommandContext ctx)
    {
        var reason = ctx.Param(1);
        foreach (var name in ctx.Params[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var room = ctx.Hub.Rooms.Find(name);
            if (room is null)
            {
                ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
                continue;
            }
            if (!room.Contains(ctx.Session))
            {
                ctx.Reply(Numerics.ERR_NOTONCHANNEL, room.Name, "You're not on that channel");
                continue;
            }
            Leave(ctx.Hub, ctx.Session, room, "PART", reason);
        }
    }

    /// <summary>Tells the room (the leaver included) and removes the session; an empty room is forgotten.</summary>
    internal static void Leave(ChatHub hub, Session session, Room room, string command, string? reason, Session? kicked = null)
    {
        var leaver = kicked ?? session;
        string[] parameters = command == "KICK"
            ? [room.Name, leaver.Nick!, reason ?? session.Nick!]
            : reason is null ? [room.Name] : [room.Name, reason];
        var message = hub.Stamp(new IrcMessage(null, session.Mask, command, parameters), sender: session);
        hub.SendToMany(room.Members.Keys, message);
        room.Members.Remove(leaver);
        leaver.Rooms.Remove(room);
        if (room.Members.Count == 0)
        {
            hub.Rooms.Remove(room);
            hub.Metadata.Forget(room);
        }
        hub.MessageLog.LogInformation("{Nick} left {Room}", leaver.Nick, room.Name);
    }

    private static void Names(CommandContext ctx)
    {
        var target = ctx.Param(0);
        if (string.IsNullOrEmpty(target))
        {
            ctx.Reply(Numerics.RPL_ENDOFNAMES, "*", "End of /NAMES list");
            return;
        }
        // TARGMAX advertises NAMES:1: the first room is answered, the rest named in ERR_TOOMANYTARGETS.
        var names = target.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var name = names.FirstOrDefault() ?? target;
        var room = ctx.Hub.Rooms.Find(name);
        if (room is null || (room.Modes.HasFlag(RoomModes.Secret) && !room.Contains(ctx.Session)))
        {
            ctx.Reply(Numerics.RPL_ENDOFNAMES, name, "End of /NAMES list");
        }
        else
        {
            SendNames(ctx.Hub, ctx.Session, room);
        }
        if (names.Length > MaxNamesTargets)
        {
            ctx.TooManyTargets(names.Skip(MaxNamesTargets), MaxNamesTargets);
        }
    }

    /// <summary>The rooms one NAMES answers (ISUPPORT TARGMAX NAMES).</summary>
    private const int MaxNamesTargets = 1;

    /// <summary>RPL_NAMREPLY lines (split to fit) and RPL_ENDOFNAMES, honouring multi-prefix and userhost-in-names.</summary>
    internal static void SendNames(ChatHub hub, Session to, Room room)
    {
        var multi = to.Has(Capability.MultiPrefix);
        var userhost = to.Has(Capability.UserhostInNames);
        var member = room.Contains(to);
        var symbol = room.Modes.HasFlag(RoomModes.Secret) ? "@" : "=";
        var budget = 400 - room.Name.Length - hub.ServerName.Length - to.NickOrStar.Length;
        var line = new System.Text.StringBuilder();
        foreach (var (session, status) in room.Members)
        {
            if (!member && session.Modes.HasFlag(UserModes.Invisible))
            {
                continue;
            }
            var entry = Prefixes(status, multi) + (userhost ? session.Mask : session.Nick);
            if (line.Length > 0 && line.Length + 1 + entry.Length > budget)
            {
                hub.SendNumeric(to, Numerics.RPL_NAMREPLY, symbol, room.Name, line.ToString());
                line.Clear();
            }
            if (line.Length > 0)
            {
                line.Append(' ');
            }
            line.Append(entry);
        }
        if (line.Length > 0)
        {
            hub.SendNumeric(to, Numerics.RPL_NAMREPLY, symbol, room.Name, line.ToString());
        }
        hub.SendNumeric(to, Numerics.RPL_ENDOFNAMES, room.Name, "End of /NAMES list");
    }

    /// <summary>"@", "+", "@+" (multi-prefix) or "" for a member status.</summary>
    internal static string Prefixes(MemberStatus status, bool all)
    {
        if (status.HasFlag(MemberStatus.Operator))
        {
            return all && status.HasFlag(MemberStatus.Voice) ? "@+" : "@";
        }
        return status.HasFlag(MemberStatus.Voice) ? "+" : string.Empty;
    }

    /// <summary>RPL_TOPIC and RPL_TOPICWHOTIME.</summary>
    internal static void SendTopic(ChatHub hub, Session to, Room room)
    {
        hub.SendNumeric(to, Numerics.RPL_TOPIC, room.Name, room.Topic!);
        hub.SendNumeric(to, Numerics.RPL_TOPICWHOTIME, room.Name, room.TopicSetBy ?? hub.ServerName, room.TopicSetAt.ToUnixTimeSeconds().ToString());
    }
}
