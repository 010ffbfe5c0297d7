using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>CHATHISTORY LATEST/BEFORE/AFTER/AROUND/BETWEEN &lt;target&gt; ... and CHATHISTORY TARGETS (IRCv3
/// draft/chathistory): stored PRIVMSGs and NOTICEs of a room the client is in, or of its private conversation with a
/// nick, in a <c>chathistory</c> batch.</summary>
/// <remarks>Answers are bounded twice: by History:MaxQueryLines (ISUPPORT CHATHISTORY) and by half the client's send
/// queue, so a reply never costs the client its connection.</remarks>
internal static class ChatHistoryCommand
{
    /// <summary>The batch type of a TARGETS reply.</summary>
    public const string TargetsBatchType = "draft/chathistory-targets";

    public static void Handle(CommandContext ctx)
    {
        var sub = ctx.Param(0)?.ToUpperInvariant();
        if (sub is null)
        {
            ctx.Fail("NEED_MORE_PARAMS", "Missing parameters", "*");
            return;
        }
        var needed = sub switch
        {
            "LATEST" or "BEFORE" or "AFTER" or "AROUND" => 4,
            "BETWEEN" or "TARGETS" => sub == "BETWEEN" ? 5 : 4,
            _ => 0,
        };
        if (needed == 0)
        {
            ctx.Fail("UNKNOWN_COMMAND", "Unknown command", ctx.Params[0]);
            return;
        }
        if (ctx.Params.Count < needed)
        {
            ctx.Fail("NEED_MORE_PARAMS", "Missing parameters", sub);
            return;
        }
        if (!int.TryParse(ctx.Params[needed - 1], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            ctx.Fail("INVALID_PARAMS", "The limit must be a positive number", sub, ctx.Params[needed - 1]);
            return;
        }
        limit = Math.Min(limit, ctx.Hub.Options.History.MaxQueryLines);
        try
        {
            if (sub == "TARGETS")
            {
                Targets(ctx, limit);
            }
            else
            {
                Messages(ctx, sub, limit);
            }
        }
        catch (SqliteException ex)
        {
            ctx.Hub.ConnectionLog.LogError(ex, "CHATHISTORY {Sub} failed", sub);
            ctx.Fail("MESSAGE_ERROR", "Messages could not be retrieved", sub, ctx.Params[1]);
        }
    }

    private static void Messages(CommandContext ctx, string sub, int limit)
    {
        var hub = ctx.Hub;
        var target = ctx.Params[1];
        if (HistoryAccess.KeyOf(hub, ctx.Session, target) is not { } key)
        {
            ctx.Fail("INVALID_TARGET", "Messages could not be retrieved", sub, target);
            return;
        }
        if (!HistoryReference.TryParse(ctx.Params[2], allowStar: sub == "LATEST", out var first)
            || (sub == "BETWEEN" && !HistoryReference.TryParse(ctx.Params[3], allowStar: false, out _)))
        {
            ctx.Fail("INVALID_PARAMS", "Invalid message reference", sub, sub == "BETWEEN" ? ctx.Params[3] : ctx.Params[2]);
            return;
        }
        var store = hub.Storage.History;
        var floor = HistoryAccess.LowerBound(ctx.Session, target);
        IReadOnlyList<HistoryEntry> entries = [];
        var newest = true; // which end of an over-long answer to keep
        if (first.IsNone)
        {
            entries = store.Range(key, floor, null, limit, newest: true);
        }
        else if (Locate(store, key, first) is { } anchor)
        {
            switch (sub)
            {
                case "LATEST":
                    entries = store.Range(key, Later(anchor, floor), null, limit, newest: true);
                    break;
                case "BEFORE":
                    entries = store.Range(key, floor, anchor, limit, newest: true);
                    break;
                case "AFTER":
                    entries = store.Range(key, Later(anchor, floor), null, limit, newest: false);
                    newest = false;
                    break;
                case "AROUND":
                    entries = Around(store, key, anchor, floor, limit, first.MsgId is not null);
                    break;
                case "BETWEEN":
                    HistoryReference.TryParse(ctx.Params[3], allowStar: false, out var second);
                    if (Locate(store, key, second) is { } other)
                    {
                        newest = !anchor.IsBefore(other);
                        var (low, high) = newest ? (other, anchor) : (anchor, other);
                        entries = store.Range(key, Later(low, floor), high, limit, newest);
                    }
                    break;
            }
        }
        var budget = hub.Options.Limits.SendQueueBytes / 2;
        HistoryLines.Send(hub, ctx.Session, HistoryLines.BatchType, target, HistoryLines.Fit(entries, budget, newest));
    }

    /// <summary>Where a reference points; null for a msgid this target does not have.</summary>
    private static HistoryPosition? Locate(IHistoryStore store, string key, HistoryReference reference) =>
        reference.MsgId is { } msgid ? store.Locate(key, msgid) : HistoryPosition.At(reference.Time!.Value);

    /// <summary>The later of a lower bound and the reader's floor (the earliest they may see).</summary>
    private static HistoryPosition Later(HistoryPosition bound, HistoryPosition? floor) =>
        floor is { } f && bound.IsBefore(f) ? f : bound;

    /// <summary>Half the limit before the reference, the rest from it on (the referenced message itself included).</summary>
    private static IReadOnlyList<HistoryEntry> Around(IHistoryStore store, string key, HistoryPosition anchor,
        HistoryPosition? floor, int limit, bool isMessage)
    {
        var before = store.Range(key, floor, anchor, limit / 2, newest: true);
        // Just before the anchor, so that it is included: one row earlier for a message, one millisecond for a moment.
        var from = isMessage
            ? anchor with { Order = anchor.Order - 1 }
            : HistoryPosition.At(anchor.Time.AddMilliseconds(-1));
        var after = store.Range(key, Later(from, floor), null, limit - before.Count, newest: false);
        return [.. before, .. after];
    }

    /// <summary>The rooms and private conversations with messages, each with its newest message's time, for those
    /// whose newest message falls strictly between the two timestamps; oldest first.</summary>
    private static void Targets(CommandContext ctx, int limit)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (!HistoryReference.TryParse(ctx.Params[1], false, out var a) || a.Time is not { } from
            || !HistoryReference.TryParse(ctx.Params[2], false, out var b) || b.Time is not { } to)
        {
            ctx.Fail("INVALID_PARAMS", "TARGETS takes two timestamps", "TARGETS");
            return;
        }
        if (to < from)
        {
            (from, to) = (to, from);
        }
        var store = hub.Storage.History;
        var found = new List<(string Name, DateTimeOffset Time)>();
        foreach (var room in session.Rooms)
        {
            if (store.Newest(HistoryTargets.Room(room.Name)) is { } entry)
            {
                found.Add((room.Name, entry.Time));
            }
        }
        var me = IrcCaseMapping.Fold(session.Nick!);
        var since = HistoryAccess.ConversationSince(session);
        foreach (var entry in store.Conversations(me))
        {
            if (since is null || entry.Time >= since)
            {
                found.Add((OtherParty(entry, me, session.Nick!), entry.Time));
            }
        }
        var window = found
            .Where(t => t.Time > from && t.Time < to)
            .OrderBy(t => t.Time)
            .Take(limit);
        var batch = HistoryLines.OpenBatch(hub, session, TargetsBatchType);
        foreach (var (name, time) in window)
        {
            var line = new IrcMessage(null, hub.ServerName, "CHATHISTORY", ["TARGETS", name, HistoryLines.FormatTime(time)]);
            hub.Send(session, batch is null ? line : line.WithTag("batch", batch));
        }
        HistoryLines.CloseBatch(hub, session, batch);
    }

    /// <summary>The other side of a private conversation, spelled as its messages spelled it.</summary>
    private static string OtherParty(HistoryEntry entry, string me, string myNick)
    {
        var parts = entry.Target.Split(' ');
        var other = parts[0] == me ? parts[1] : parts[0];
        if (other == me)
        {
            return myNick; // a conversation with oneself
        }
        var sender = entry.Sender.Split('!')[0];
        return IrcCaseMapping.Fold(sender) == other ? sender
            : IrcCaseMapping.Fold(entry.To) == other ? entry.To
            : other;
    }
}
