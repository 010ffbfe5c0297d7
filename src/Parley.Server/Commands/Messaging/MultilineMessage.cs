using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.Messaging;

/// <summary>IRCv3 draft/multiline: PRIVMSG lines collected in a client batch, checked against the advertised limits,
/// and delivered whole when the batch closes: as one batch to recipients with the capability, as separate PRIVMSGs
/// (blank lines left out) to the others.</summary>
internal static class MultilineMessage
{
    /// <summary>The batch type and capability name.</summary>
    public const string BatchType = "draft/multiline";

    /// <summary>The tag of a line that continues the previous one without a line break.</summary>
    public const string ConcatTag = "draft/multiline-concat";

    /// <summary>Adds one batched line, or fails the batch when the line breaks a rule.</summary>
    public static void Add(CommandContext ctx, ClientBatch batch)
    {
        var target = batch.Parameters[0];
        if (ctx.Command != "PRIVMSG")
        {
            Discard(ctx, batch, "MULTILINE_INVALID", "A multiline batch holds only PRIVMSG lines");
            return;
        }
        if (ctx.Param(0) is not { } lineTarget || ctx.Param(1) is not { } text)
        {
            Discard(ctx, batch, "MULTILINE_INVALID", "A batched line needs a target and text");
            return;
        }
        if (!IrcCaseMapping.AreEqual(lineTarget, target))
        {
            Discard(ctx, batch, "MULTILINE_INVALID_TARGET", "Every line must go to the batch's target", target, lineTarget);
            return;
        }
        var concat = ctx.Message.Tags.Any(t => t.Key == ConcatTag);
        if (concat && text.Length == 0)
        {
            Discard(ctx, batch, "MULTILINE_INVALID", "A blank line cannot be concatenated");
            return;
        }
        if (batch.Lines.Count + 1 > ServerSupport.MultilineMaxLines)
        {
            Discard(ctx, batch, "MULTILINE_MAX_LINES", "Too many lines in the multiline message",
                ServerSupport.MultilineMaxLines.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        // Lines are joined by '\n' (one byte each) unless concatenated, as the specification counts max-bytes.
        var size = batch.Size + Encoding.UTF8.GetByteCount(text) + (batch.Lines.Count > 0 && !concat ? 1 : 0);
        if (size > ServerSupport.MultilineMaxBytes)
        {
            Discard(ctx, batch, "MULTILINE_MAX_BYTES", "The multiline message is too long",
                ServerSupport.MultilineMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        batch.Size = size;
        batch.Lines.Add(ctx.Message);
    }

    /// <summary>Delivers a closed batch to its target (a room or a nick) and echoes it to the sender.</summary>
    public static void Deliver(CommandContext ctx, ClientBatch batch)
    {
        var lines = batch.Lines.Select(l => new Line(l.Parameters[1], l.Tags.Any(t => t.Key == ConcatTag))).ToList();
        if (lines.All(l => l.Text.Length == 0))
        {
            BatchCommand.Fail(ctx, "MULTILINE_INVALID", "A multiline message needs at least one line that is not blank");
            return;
        }
        if (Resolve(ctx, batch.Parameters[0], lines) is not { } delivery)
        {
            return;
        }

        var hub = ctx.Hub;
        var sender = ctx.Session;
        // The reference only has to be unique among this server's batches; the message id already is.
        var stamp = hub.Stamp(new IrcMessage("BATCH"), batch.ClientTags).Tags;
        var reference = "ml" + stamp.First(t => t.Key == "msgid").Value;
        var opening = new IrcMessage(stamp, sender.Mask, "BATCH", ["+" + reference, BatchType, delivery.Target]);
        var batched = BatchedForm(hub, sender, reference, delivery.Target, opening, lines);
        var separate = SeparateForm(sender, delivery.Target, opening, lines);

        // Kept as one entry, the whole message under the batch's msgid (see MultilineHistory for how it is replayed).
        hub.Remember(new IrcMessage(stamp, sender.Mask, "PRIVMSG", [delivery.Target, Combine(lines)]), delivery.HistoryKey, sender);
        var understands = delivery.Audience.Where(UnderstandsMultiline).ToList();
        var others = delivery.Audience.Where(r => !UnderstandsMultiline(r)).ToList();
        foreach (var message in batched)
        {
            hub.SendToMany(understands, message, except: sender);
        }
        foreach (var message in separate)
        {
            hub.SendToMany(others, message, except: sender);
        }
        if (sender.Has(Capability.EchoMessage))
        {
            batched.ForEach(ctx.Send);
        }
        hub.MessageLog.LogInformation("<{Nick}> {Target}: {Text}", sender.Nick, delivery.Target, Combine(lines).Replace("\n", " | "));
    }

    /// <summary>One line of the message: its text and whether it continues the previous line.</summary>
    private readonly record struct Line(string Text, bool Concat);

    /// <summary>Where the message goes: the target as shown, who receives it, and its history key.</summary>
    private sealed record Delivery(string Target, IReadOnlyList<Session> Audience, string HistoryKey);

    private static Delivery? Resolve(CommandContext ctx, string target, List<Line> lines)
    {
        var hub = ctx.Hub;
        if (IrcNames.IsChannelName(target))
        {
            var room = hub.Rooms.Find(target);
            if (room is null)
            {
                ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, target, "No such channel");
                return null;
            }
            // Every line is checked: a fallback line is a message of its own to clients without the capability.
            foreach (var line in lines)
            {
                if (RoomPolicy.CannotSend(room, ctx.Session, line.Text) is { } why)
                {
                    ctx.Reply(Numerics.ERR_CANNOTSENDTOCHAN, room.Name, why);
                    return null;
                }
            }
            return new Delivery(room.Name, room.Members.Keys.ToList(), HistoryTargets.Room(room.Name));
        }
        var recipient = hub.Nicks.Find(target);
        if (recipient is null || !recipient.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_NOSUCHNICK, target, "No such nick/channel");
            return null;
        }
        if (recipient.AwayMessage is { } away)
        {
            ctx.Reply(Numerics.RPL_AWAY, recipient.Nick!, away);
        }
        return new Delivery(recipient.Nick!, [recipient], HistoryTargets.Conversation(ctx.Session.Nick!, recipient.Nick!));
    }

    /// <summary>Whether <paramref name="session"/> gets multiline messages as draft/multiline batches.</summary>
    public static bool UnderstandsMultiline(Session session) =>
        session.Has(Capability.Multiline) && session.Has(Capability.Batch);

    /// <summary>The batch as sent to clients with the capability: the opening carries time, msgid and the client's
    /// tags; the lines carry only the batch reference and the concat tag.</summary>
    private static List<IrcMessage> BatchedForm(ChatHub hub, Session sender, string reference, string target,
        IrcMessage opening, List<Line> lines)
    {
        var messages = new List<IrcMessage>(lines.Count + 2) { opening };
        foreach (var line in lines)
        {
            List<MessageTag> tags = [new("batch", reference)];
            if (line.Concat)
            {
                tags.Add(new(ConcatTag, string.Empty));
            }
            messages.Add(new IrcMessage(tags, sender.Mask, "PRIVMSG", [target, line.Text]));
        }
        messages.Add(new IrcMessage(null, hub.ServerName, "BATCH", ["-" + reference]));
        return messages;
    }

    /// <summary>The message as separate PRIVMSGs: blank lines left out, every line with the time and client tags,
    /// and only the first with the msgid (it names the whole message).</summary>
    private static List<IrcMessage> SeparateForm(Session sender, string target, IrcMessage opening, List<Line> lines)
    {
        var messages = new List<IrcMessage>(lines.Count);
        foreach (var line in lines.Where(l => l.Text.Length > 0))
        {
            var tags = opening.Tags.Where(t => t.Key != "msgid" || messages.Count == 0).ToList();
            messages.Add(new IrcMessage(tags, sender.Mask, "PRIVMSG", [target, line.Text]));
        }
        return messages;
    }

    private static string Combine(List<Line> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && !lines[i].Concat)
            {
                text.Append('\n');
            }
            text.Append(lines[i].Text);
        }
        return text.ToString();
    }

    private static void Discard(CommandContext ctx, ClientBatch batch, string code, string description, params string[] context)
    {
        batch.Discarded = true;
        BatchCommand.Fail(ctx, code, description, context);
    }
}
