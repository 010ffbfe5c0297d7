using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>Who may speak in and join a room, given its modes: the rules in one place for every command.</summary>
internal static class RoomPolicy
{
    /// <summary>Why <paramref name="session"/> cannot send to the room, or null when it can.</summary>
    public static string? CannotSpeak(Room room, Session session)
    {
        var status = room.StatusOf(session);
        if (status is null && room.Modes.HasFlag(RoomModes.NoExternalMessages))
        {
            return "Cannot send to channel (no external messages)";
        }
        if (status is { } s && s != MemberStatus.None)
        {
            return null; // voiced members and operators always speak
        }
        if (room.Modes.HasFlag(RoomModes.Moderated))
        {
            return "Cannot send to channel (+m)";
        }
        if (IsBanned(room, session))
        {
            return "Cannot send to channel (you're banned)";
        }
        if (IsMuted(room, session))
        {
            return "Cannot send to channel (you're muted)";
        }
        return null;
    }

    /// <summary>Why <paramref name="text"/> from <paramref name="session"/> cannot go to the room, or null when it can:
    /// <see cref="CannotSpeak"/>, then what the room's modes say about the text itself.</summary>
    public static string? CannotSend(Room room, Session session, string? text)
    {
        if (CannotSpeak(room, session) is { } why)
        {
            return why;
        }
        if (text is not null && room.Modes.HasFlag(RoomModes.NoCtcp) && IsCtcpOtherThanAction(text))
        {
            return "Cannot send to channel (+C: no CTCP)";
        }
        return null;
    }

    /// <summary>Whether a ban (+b, not a mute) matches the session and no ban exception (+e) does.</summary>
    public static bool IsBanned(Room room, Session session)
    {
        if (room.Bans.Count == 0)
        {
            return false;
        }
        var mask = IrcCaseMapping.Fold(session.Mask);
        return room.Bans.Any(b => !BanMask.IsMute(b.Mask) && Matches(b.Mask, mask))
            && !room.BanExceptions.Any(e => !BanMask.IsMute(e.Mask) && Matches(e.Mask, mask));
    }

    /// <summary>Whether a mute extban (+b m:mask) matches the session and no exception (+e, plain or m:) does.</summary>
    public static bool IsMuted(Room room, Session session)
    {
        if (room.Bans.Count == 0)
        {
            return false;
        }
        var mask = IrcCaseMapping.Fold(session.Mask);
        return room.Bans.Any(b => BanMask.IsMute(b.Mask) && Matches(b.Mask[BanMask.MutePrefix.Length..], mask))
            && !room.BanExceptions.Any(e => Matches(BanMask.IsMute(e.Mask) ? e.Mask[BanMask.MutePrefix.Length..] : e.Mask, mask));
    }

    /// <summary>Whether an invite exception (+I) lets the session into an invite-only room.</summary>
    public static bool IsInviteExcepted(Room room, Session session)
    {
        if (room.InviteExceptions.Count == 0)
        {
            return false;
        }
        var mask = IrcCaseMapping.Fold(session.Mask);
        return room.InviteExceptions.Any(e => Matches(e.Mask, mask));
    }

    /// <summary>A CTCP message other than ACTION: text that starts with \x01 (CTCP's delimiter) and whose command
    /// (up to a space or the closing \x01) is not ACTION.</summary>
    private static bool IsCtcpOtherThanAction(string text)
    {
        if (!text.StartsWith('\x01'))
        {
            return false;
        }
        var body = text.AsSpan(1);
        var end = body.IndexOfAny(' ', '\x01');
        var command = end < 0 ? body : body[..end];
        return !command.Equals("ACTION", StringComparison.OrdinalIgnoreCase);
    }

    private static bool Matches(string pattern, string foldedMask) => Wildcard.IsMatch(IrcCaseMapping.Fold(pattern), foldedMask);

    /// <summary>The room a member acts on: answers 403 when it does not exist, 442 when the sender is not in it, and 482
    /// when <paramref name="needOperator"/> and the sender is not its operator; null in those cases.</summary>
    public static Room? RoomToManage(CommandContext ctx, string name, bool needOperator)
    {
        var room = ctx.Hub.Rooms.Find(name);
        if (room is null)
        {
            ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return null;
        }
        if (!room.Contains(ctx.Session))
        {
            ctx.Reply(Numerics.ERR_NOTONCHANNEL, room.Name, "You're not on that channel");
            return null;
        }
        if (needOperator && !room.IsOperator(ctx.Session))
        {
            ctx.Reply(Numerics.ERR_CHANOPRIVSNEEDED, room.Name, "You're not channel operator");
            return null;
        }
        return room;
    }
}
