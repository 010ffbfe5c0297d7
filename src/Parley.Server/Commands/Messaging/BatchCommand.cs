using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Messaging;

/// <summary>BATCH from a client: <c>BATCH +ref type params...</c> opens a batch, lines tagged <c>batch=ref</c> fill it,
/// <c>BATCH -ref</c> closes it. The one client batch type Parley knows is draft/multiline.</summary>
internal static class BatchCommand
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var reference = ctx.Params[0];
        if (reference.Length < 2 || reference[0] is not ('+' or '-'))
        {
            Fail(ctx, "INVALID_BATCH", "The reference must be +tag to open a batch or -tag to close it", reference);
            return;
        }
        if (reference[0] == '-')
        {
            Close(ctx, reference[1..]);
            return;
        }
        if (ctx.Params.Count < 2)
        {
            ctx.NeedMoreParams();
            return;
        }
        var type = ctx.Params[1];
        if (type != MultilineMessage.BatchType)
        {
            Fail(ctx, "UNKNOWN_BATCH_TYPE", "Parley accepts only draft/multiline batches from clients", type);
            return;
        }
        if (!session.Has(Capability.Multiline) || !session.Has(Capability.Batch))
        {
            Fail(ctx, "MULTILINE_INVALID", "Negotiate the batch and draft/multiline capabilities first");
            return;
        }
        if (session.OpenBatch is not null)
        {
            Fail(ctx, "MULTILINE_INVALID", "Another multiline batch is still open");
            return;
        }
        if (ctx.Params.Count < 3)
        {
            ctx.NeedMoreParams();
            return;
        }
        var clientTags = ctx.Message.Tags.Where(t => t.IsClientOnly).ToList();
        session.OpenBatch = new ClientBatch(reference[1..], type, [ctx.Params[2]], clientTags, ctx.DeferLabel());
    }

    /// <summary>A line that carries a <c>batch</c> tag: it belongs to the open batch, or it is an error.</summary>
    public static void AddLine(CommandContext ctx, string reference)
    {
        var batch = ctx.Session.OpenBatch;
        if (batch is null || batch.Reference != reference)
        {
            Fail(ctx, "MULTILINE_INVALID", "That line names no open batch");
            if (batch is not null)
            {
                batch.Discarded = true;
            }
            return;
        }
        if (!batch.Discarded)
        {
            MultilineMessage.Add(ctx, batch);
        }
    }

    private static void Close(CommandContext ctx, string reference)
    {
        var batch = ctx.Session.OpenBatch;
        if (batch is null || batch.Reference != reference)
        {
            Fail(ctx, "MULTILINE_INVALID", "No open batch has that reference", "-" + reference);
            return;
        }
        ctx.Session.OpenBatch = null;
        if (!batch.Discarded)
        {
            MultilineMessage.Deliver(ctx, batch);
        }
    }

    /// <summary>FAIL BATCH ...: the command of these errors is BATCH even when a batched PRIVMSG caused them.</summary>
    public static void Fail(CommandContext ctx, string code, string description, params string[] context) =>
        ctx.Send(new IrcMessage(null, ctx.Hub.ServerName, "FAIL", ["BATCH", code, .. context, description]));
}
