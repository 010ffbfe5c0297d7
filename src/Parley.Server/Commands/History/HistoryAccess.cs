using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>Who may read which history. A room's history is for its members. A private conversation is keyed by both
/// nicks, and a nick can change hands, so its history is shown only from when the reader took their current nick,
/// unless they are logged in to the account of that name, which owns the nick and so its whole conversation.</summary>
internal static class HistoryAccess
{
    /// <summary>The history key of <paramref name="target"/> as <paramref name="reader"/> names it, or null when the
    /// reader may not read it (not a member of that room, or not a name at all).</summary>
    public static string? KeyOf(ChatHub hub, Session reader, string target)
    {
        if (IrcNames.IsChannelName(target))
        {
            var room = hub.Rooms.Find(target);
            return room is not null && room.Contains(reader) ? HistoryTargets.Room(room.Name) : null;
        }
        return IrcNames.IsValidNick(target) ? HistoryTargets.Conversation(reader.Nick!, target) : null;
    }

    /// <summary>The earliest moment of a private conversation <paramref name="reader"/> may see, or null for all of it.</summary>
    public static DateTimeOffset? ConversationSince(Session reader) =>
        reader.Account is { } account && IrcCaseMapping.AreEqual(account, reader.Nick!) ? null : reader.NickSince;

    /// <summary>The lower bound a query of <paramref name="target"/> needs for <paramref name="reader"/>, or null.</summary>
    public static HistoryPosition? LowerBound(Session reader, string target) =>
        !IrcNames.IsChannelName(target) && ConversationSince(reader) is { } since
            ? HistoryPosition.At(since.AddMilliseconds(-1)) // a moment bound excludes its own millisecond
            : null;
}
