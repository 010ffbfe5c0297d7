using Parley.Protocol.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>A room's latest messages shown to someone who just joined it, for clients that cannot ask for history
/// themselves (no draft/chathistory): History:ReplayLines of them, no older than History:ReplayMaxAgeMinutes, unless the
/// room has mode +Q. IRC clients get them after the join burst, with their original time tags, in a chathistory batch
/// when they negotiated batch; plain-text users get them from their door as "[12:01] &lt;alice&gt; hello".</summary>
internal static class JoinReplay
{
    /// <summary>The batch reference plain-text replays carry; the plain door shows no batches, only uses the tag to tell a
    /// replayed line from a live one.</summary>
    public const string PlainBatch = "history";

    /// <summary>Called at the end of a join burst. Plain-text sessions are skipped: their door replays once it has made
    /// the room their current one, so lines read as the room's own.</summary>
    public static void AfterJoin(ChatHub hub, Session session, Room room)
    {
        if (session.Format is not PlainWireFormat)
        {
            Replay(hub, session, room);
        }
    }

    /// <summary>Sends the replay (nothing when replay is off, the room has +Q, the client fetches history itself, or
    /// there is nothing recent).</summary>
    public static void Replay(ChatHub hub, Session session, Room room)
    {
        var options = hub.Options.History;
        var store = hub.Storage.History;
        if (!store.Enabled || options.ReplayLines <= 0 || room.Modes.HasFlag(RoomModes.NoReplay) || session.Has(Capability.ChatHistory))
        {
            return;
        }
        HistoryPosition? since = options.ReplayMaxAgeMinutes > 0
            ? HistoryPosition.At(hub.Time.GetUtcNow().AddMinutes(-options.ReplayMaxAgeMinutes))
            : null;
        var entries = store.Range(HistoryTargets.Room(room.Name), since, null, options.ReplayLines, newest: true);
        entries = HistoryLines.Fit(entries, hub.Options.Limits.SendQueueBytes / 4, keepNewest: true);
        if (entries.Count == 0)
        {
            return;
        }
        if (session.Format is PlainWireFormat)
        {
            hub.Send(session, new IrcMessage(PlainRendering.LocalLine,
                $"Recent messages in {room.Name} (times in UTC):"));
            foreach (var entry in entries)
            {
                foreach (var line in HistoryLines.ToMessages(entry, PlainBatch, session))
                {
                    hub.Send(session, line);
                }
            }
            return;
        }
        HistoryLines.Send(hub, session, HistoryLines.BatchType, room.Name, entries);
    }
}
