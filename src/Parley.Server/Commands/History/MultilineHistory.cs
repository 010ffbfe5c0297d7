using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Messaging;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>draft/multiline messages in history. A multiline message is kept as ONE entry: the batch's msgid and its
/// combined text (lines joined by '\n', concatenated lines joined directly, as the specification defines the message's
/// value), so CHATHISTORY limits count it as one message and REDACT removes it whole. On replay it becomes lines again:
/// a draft/multiline batch nested in the chathistory batch for clients with the capability, separate PRIVMSGs (blank
/// lines left out, the msgid on the first) for the others, as live delivery does.</summary>
/// <remarks>Where a concatenated line was split is not kept; a line longer than one relayed message can carry is cut
/// again (at a space where it can, the space kept at the end of the piece so the pieces concatenate back).</remarks>
internal static class MultilineHistory
{
    /// <summary>Whether <paramref name="entry"/> cannot be replayed as one PRIVMSG: it has line breaks, or is longer
    /// than any single line a client could have sent to that target.</summary>
    public static bool NeedsLines(HistoryEntry entry) =>
        entry.Command == "PRIVMSG" && entry.Text is { } text
        && (text.Contains('\n') || Encoding.UTF8.GetByteCount(text) > OneLineBytes(entry.To));

    /// <summary>The lines <paramref name="entry"/> is replayed as: each with its text and whether it continues the
    /// previous one (draft/multiline-concat).</summary>
    public static List<(string Text, bool Concat)> Lines(HistoryEntry entry)
    {
        var budget = Math.Max(TextSplitter.Budget("PRIVMSG", entry.To), 64);
        var lines = new List<(string, bool)>();
        foreach (var segment in entry.Text!.Split('\n'))
        {
            var first = true;
            foreach (var piece in Pieces(segment, budget))
            {
                lines.Add((piece, !first));
                first = false;
            }
        }
        return lines;
    }

    /// <summary>The entry as lines for <paramref name="to"/>, inside <paramref name="batch"/> (null: none).</summary>
    public static IEnumerable<IrcMessage> ToMessages(HistoryEntry entry, string? batch, Session to)
    {
        var whole = HistoryLines.ToMessage(entry, batch);
        var lines = Lines(entry);
        if (batch is not null && MultilineMessage.UnderstandsMultiline(to))
        {
            var reference = "ml" + entry.MsgId;
            yield return new IrcMessage(whole.Tags, entry.Sender, "BATCH", ["+" + reference, MultilineMessage.BatchType, entry.To]);
            foreach (var (text, concat) in lines)
            {
                List<MessageTag> tags = [new("batch", reference)];
                if (concat)
                {
                    tags.Add(new(MultilineMessage.ConcatTag, string.Empty));
                }
                yield return new IrcMessage(tags, entry.Sender, "PRIVMSG", [entry.To, text]);
            }
            yield return new IrcMessage([new("batch", batch)], whole.Source, "BATCH", ["-" + reference]);
            yield break;
        }
        var firstSent = false;
        foreach (var (text, _) in lines)
        {
            if (text.Length == 0)
            {
                continue; // the specification forbids blank lines to clients without the capability
            }
            var tags = whole.Tags.Where(t => t.Key != "msgid" || !firstSent).ToList();
            firstSent = true;
            yield return new IrcMessage(tags, entry.Sender, "PRIVMSG", [entry.To, text]);
        }
    }

    /// <summary>How many lines the entry becomes (for the send-queue estimate).</summary>
    public static int LineCount(HistoryEntry entry) => NeedsLines(entry) ? Lines(entry).Count + 2 : 1;

    /// <summary>The most text bytes one "PRIVMSG target :text" line from a client holds.</summary>
    private static int OneLineBytes(string target) =>
        IrcLimits.MaxBodyBytes - 2 - "PRIVMSG ".Length - Encoding.UTF8.GetByteCount(target) - 2;

    /// <summary><paramref name="text"/> cut into pieces of at most <paramref name="maxBytes"/> that concatenate back
    /// to it exactly; a cut goes after a space in the second half of a piece when there is one.</summary>
    private static List<string> Pieces(string text, int maxBytes)
    {
        var pieces = new List<string>();
        var rest = text;
        while (Encoding.UTF8.GetByteCount(rest) > maxBytes)
        {
            var cut = TextSplitter.FitChars(rest, maxBytes);
            var space = rest.LastIndexOf(' ', cut - 1);
            if (space + 1 > cut / 2)
            {
                cut = space + 1;
            }
            pieces.Add(rest[..cut]);
            rest = rest[cut..];
        }
        pieces.Add(rest);
        return pieces;
    }
}
