using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>What one person may learn about another through WHO and WHOIS: invisible users (+i) and secret rooms (+s)
/// stay hidden from those who share no room with them.</summary>
internal static class Visibility
{
    /// <summary>Whether <paramref name="viewer"/> may find <paramref name="target"/> by a mask (not by exact nick).</summary>
    public static bool CanFind(Session viewer, Session target) =>
        viewer == target
        || viewer.IsOperator
        || !target.Modes.HasFlag(UserModes.Invisible)
        || SharesRoom(viewer, target);

    /// <summary>Whether <paramref name="viewer"/> may see that <paramref name="target"/> is in <paramref name="room"/>.</summary>
    public static bool CanSeeMembership(Session viewer, Session target, Room room) =>
        room.Contains(viewer)
        || viewer.IsOperator
        || (!room.Modes.HasFlag(RoomModes.Secret) && !target.Modes.HasFlag(UserModes.Invisible));

    /// <summary>Whether the two are together in at least one room.</summary>
    public static bool SharesRoom(Session a, Session b)
    {
        // Walk the smaller room list; each lookup in the other's rooms is a dictionary hit.
        var (fewer, other) = a.Rooms.Count <= b.Rooms.Count ? (a, b) : (b, a);
        foreach (var room in fewer.Rooms)
        {
            if (room.Contains(other))
            {
                return true;
            }
        }
        return false;
    }
}
