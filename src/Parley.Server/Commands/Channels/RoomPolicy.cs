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
        return null;
    }

    /// <summary>Whether a ban mask of the room matches the session's nick!user@host.</summary>
    public static bool IsBanned(Room room, Session session)
    {
        if (room.Bans.Count == 0)
        {
            return false;
        }
        var mask = IrcCaseMapping.Fold(session.Mask);
        return room.Bans.Any(b => Wildcard.IsMatch(IrcCaseMapping.Fold(b.Mask), mask));
    }
}
