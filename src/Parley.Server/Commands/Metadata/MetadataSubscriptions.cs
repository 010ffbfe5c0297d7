using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>METADATA * SUB, UNSUB and SUBS: the keys a connection follows (at most
/// <see cref="MetadataLimits.MaxSubscriptions"/>).</summary>
internal static class MetadataSubscriptions
{
    /// <summary>SUB key...: keys are taken in order; an invalid one is reported and skipped; at the limit the rest are
    /// left unprocessed and the first of them is named in FAIL TOO_MANY_SUBS. RPL_METADATASUBOK lists every key now
    /// subscribed, then the current values of the new ones follow.</summary>
    public static void Subscribe(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        var accepted = new List<string>();
        var added = new List<string>();
        var failures = new List<(string Code, string Text, string Key)>();
        foreach (var key in MetadataCommands.Keys(ctx))
        {
            if (!MetadataLimits.IsValidKey(key))
            {
                failures.Add(("KEY_INVALID", "invalid key", key));
                continue;
            }
            var isNew = !hub.Metadata.IsSubscribed(session, key);
            if (!hub.Metadata.Subscribe(session, key))
            {
                failures.Add(("TOO_MANY_SUBS", "too many subscriptions", key));
                break;
            }
            accepted.Add(key);
            if (isNew)
            {
                added.Add(key);
            }
        }
        // The acknowledgement comes first: clients read the reply to SUB as "770, then anything else".
        MetadataReplies.KeyList(ReplyBatch.None(hub, session), Numerics.RPL_METADATASUBOK, accepted);
        foreach (var (code, text, key) in failures)
        {
            ctx.Fail(code, text, key);
        }
        if (session.IsRegistered && added.Count > 0)
        {
            MetadataNotifications.SendCurrent(hub, session, added);
        }
    }

    /// <summary>UNSUB key...: every valid key is acknowledged with RPL_METADATAUNSUBOK, subscribed or not.</summary>
    public static void Unsubscribe(CommandContext ctx)
    {
        var removed = new List<string>();
        var invalid = new List<string>();
        foreach (var key in MetadataCommands.Keys(ctx))
        {
            if (!MetadataLimits.IsValidKey(key))
            {
                invalid.Add(key);
                continue;
            }
            ctx.Hub.Metadata.Unsubscribe(ctx.Session, key);
            removed.Add(key);
        }
        MetadataReplies.KeyList(ReplyBatch.None(ctx.Hub, ctx.Session), Numerics.RPL_METADATAUNSUBOK, removed);
        foreach (var key in invalid)
        {
            ctx.Fail("KEY_INVALID", "invalid key", key);
        }
    }

    /// <summary>SUBS: the subscribed keys as RPL_METADATASUBS lines in a metadata-subs batch.</summary>
    public static void List(CommandContext ctx)
    {
        using var batch = ReplyBatch.Open(ctx.Hub, ctx.Session, "metadata-subs");
        MetadataReplies.KeyList(batch, Numerics.RPL_METADATASUBS, ctx.Hub.Metadata.Subscriptions(ctx.Session));
    }
}
