using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>Stored messages as lines again: each with its original source, time, msgid, account and client tags, inside
/// a batch for clients that negotiated <c>batch</c>.</summary>
internal static class HistoryLines
{
    /// <summary>The batch type of replayed messages (IRCv3 batch/chathistory), for CHATHISTORY and replay on join.</summary>
    public const string BatchType = "chathistory";

    /// <summary>The time tag's form, as <see cref="ChatHub.Stamp"/> writes it, so a replayed line carries the very
    /// string the live one did.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The message as it was relayed, with <paramref name="batch"/> (if any) as its batch tag.</summary>
    public static IrcMessage ToMessage(HistoryEntry entry, string? batch)
    {
        var tags = new List<MessageTag>(4);
        if (batch is not null)
        {
            tags.Add(new("batch", batch));
        }
        tags.Add(new("time", FormatTime(entry.Time)));
        tags.Add(new("msgid", entry.MsgId));
        if (entry.Account is { } account)
        {
            tags.Add(new("account", account));
        }
        tags.AddRange(TagEscaping.Split(entry.ClientTags));
        string[] parameters = entry.Text is null ? [entry.To] : [entry.To, entry.Text];
        return new IrcMessage(tags, entry.Sender, entry.Command, parameters);
    }

    /// <summary>The lines <paramref name="entry"/> is replayed as to <paramref name="to"/>: the message as it was
    /// relayed, or a multiline message's lines (<see cref="MultilineHistory"/>).</summary>
    public static IEnumerable<IrcMessage> ToMessages(HistoryEntry entry, string? batch, Session to) =>
        MultilineHistory.NeedsLines(entry) ? MultilineHistory.ToMessages(entry, batch, to) : [ToMessage(entry, batch)];

    /// <summary>A rough upper bound of the bytes a replayed message takes on the wire.</summary>
    public static int EstimatedBytes(HistoryEntry entry) =>
        (64 + entry.MsgId.Length + (entry.Account?.Length ?? 0) + entry.ClientTags.Length + entry.Sender.Length
        + entry.To.Length) * MultilineHistory.LineCount(entry) + (entry.Text?.Length * 3 ?? 0);

    /// <summary>The entries that fit in <paramref name="budget"/> bytes: when they do not all fit, the ones nearest the
    /// query's starting point are kept (the newest for a backward query), so paging on from the result skips nothing.</summary>
    public static IReadOnlyList<HistoryEntry> Fit(IReadOnlyList<HistoryEntry> entries, int budget, bool keepNewest)
    {
        var used = 0;
        var count = 0;
        for (; count < entries.Count; count++)
        {
            used += EstimatedBytes(entries[keepNewest ? entries.Count - 1 - count : count]);
            if (used > budget)
            {
                break;
            }
        }
        if (count == entries.Count)
        {
            return entries;
        }
        return keepNewest ? entries.Skip(entries.Count - count).ToList() : entries.Take(count).ToList();
    }

    /// <summary>Sends <paramref name="entries"/> to <paramref name="to"/>: in a batch of <paramref name="type"/> when it
    /// negotiated batch, else as plain lines (whose tags its capabilities then trim).</summary>
    public static void Send(ChatHub hub, Session to, string type, string target, IEnumerable<HistoryEntry> entries)
    {
        var batch = OpenBatch(hub, to, type, target);
        foreach (var entry in entries)
        {
            foreach (var line in ToMessages(entry, batch, to))
            {
                hub.Send(to, line);
            }
        }
        CloseBatch(hub, to, batch);
    }

    /// <summary>Opens a server batch for <paramref name="to"/> if it negotiated batch; returns its reference or null.</summary>
    public static string? OpenBatch(ChatHub hub, Session to, string type, params string[] parameters)
    {
        if (!to.Has(Capability.Batch))
        {
            return null;
        }
        var reference = "h" + hub.NewMessageId();
        hub.Send(to, new IrcMessage(null, hub.ServerName, "BATCH", ["+" + reference, type, .. parameters]));
        return reference;
    }

    /// <summary>Closes a batch <see cref="OpenBatch"/> opened (nothing when it was null).</summary>
    public static void CloseBatch(ChatHub hub, Session to, string? reference)
    {
        if (reference is not null)
        {
            hub.Send(to, new IrcMessage(null, hub.ServerName, "BATCH", ["-" + reference]));
        }
    }
}
