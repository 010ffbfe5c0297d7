using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>METADATA SET and CLEAR: changing a user's or a room's metadata, answered to the sender and told to the
/// subscribers who follow the target.</summary>
internal static class MetadataChanges
{
    /// <summary>SET key [:value]: sets the key (RPL_KEYVALUE), or without a value removes it (RPL_KEYNOTSET). An empty
    /// value is a value, as the specification says; only its absence removes.</summary>
    public static void Set(CommandContext ctx, ResolvedTarget target)
    {
        var hub = ctx.Hub;
        var key = ctx.Params[2];
        if (!MetadataLimits.IsValidKey(key))
        {
            ctx.Fail("KEY_INVALID", "invalid key", key);
            return;
        }
        if (!MetadataTargets.CanWrite(ctx.Session, target.Target))
        {
            ctx.Fail("KEY_NO_PERMISSION", "permission denied", target.Name, key);
            return;
        }
        var replies = ReplyBatch.None(hub, ctx.Session);
        if (ctx.Param(3) is not { } value)
        {
            if (!hub.Metadata.Remove(target.Target, key))
            {
                ctx.Fail("KEY_NOT_SET", "key not set", target.Name, key);
                return;
            }
            MetadataReplies.KeyNotSet(replies, target.Name, key);
            Announce(ctx, target, key, null);
            return;
        }
        if (!MetadataLimits.IsValidValue(value))
        {
            // The specification's table says VALUE_INVALID; irctest and Ergo, the reference clients test against, use
            // INVALID_VALUE with the key, and that is what clients meet in practice.
            ctx.Fail("INVALID_VALUE", $"value is longer than {MetadataLimits.MaxValueBytes} bytes", key);
            return;
        }
        switch (hub.Metadata.Set(target.Target, key, value))
        {
            case MetadataSetResult.LimitReached:
                ctx.Fail("LIMIT_REACHED", "metadata limit reached", target.Name);
                return;
            case MetadataSetResult.Unchanged:
                MetadataReplies.KeyValue(replies, target.Name, key, value);
                return;
            default:
                MetadataReplies.KeyValue(replies, target.Name, key, value);
                Announce(ctx, target, key, value);
                return;
        }
    }

    /// <summary>CLEAR: removes every key, answered with one RPL_KEYNOTSET per removed key in a metadata batch.</summary>
    public static void Clear(CommandContext ctx, ResolvedTarget target)
    {
        if (!MetadataTargets.CanWrite(ctx.Session, target.Target))
        {
            ctx.Fail("KEY_NO_PERMISSION", "permission denied", target.Name, "*");
            return;
        }
        var removed = ctx.Hub.Metadata.Clear(target.Target);
        using (var batch = ReplyBatch.Open(ctx.Hub, ctx.Session, "metadata", target.Name))
        {
            foreach (var (key, _) in removed)
            {
                MetadataReplies.KeyNotSet(batch, target.Name, key);
            }
        }
        foreach (var (key, _) in removed)
        {
            Announce(ctx, target, key, null);
        }
    }

    /// <summary>Tells followers; before registration nobody follows the sender (it is in no room yet).</summary>
    private static void Announce(CommandContext ctx, ResolvedTarget target, string key, string? value)
    {
        if (ctx.Session.IsRegistered)
        {
            MetadataNotifications.Changed(ctx.Hub, ctx.Session, target.Target, target.Name, key, value);
        }
    }
}
