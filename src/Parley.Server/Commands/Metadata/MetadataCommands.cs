using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>IRCv3 metadata (draft/metadata-3): METADATA &lt;target&gt; GET, LIST, SET, CLEAR, SYNC on users and rooms,
/// and SUB, UNSUB, SUBS for the keys a client follows. Allowed before registration too (the capability advertises
/// before-connect), where "*" (oneself) is the only target.</summary>
internal sealed class MetadataCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("METADATA", Handle, MinParams: 2, BeforeRegistration: true),
    ];

    private static void Handle(CommandContext ctx)
    {
        switch (ctx.Params[1].ToUpperInvariant())
        {
            case "GET":
                if (HasKeys(ctx) && ReadableTarget(ctx) is { } getTarget)
                {
                    Get(ctx, getTarget);
                }
                break;
            case "LIST":
                if (ReadableTarget(ctx) is { } listTarget)
                {
                    List(ctx, listTarget);
                }
                break;
            case "SYNC":
                if (ReadableTarget(ctx) is { } syncTarget)
                {
                    Sync(ctx, syncTarget);
                }
                break;
            case "SET":
                if (HasKeys(ctx) && MetadataTargets.Resolve(ctx, ctx.Params[0]) is { } setTarget)
                {
                    MetadataChanges.Set(ctx, setTarget);
                }
                break;
            case "CLEAR":
                if (MetadataTargets.Resolve(ctx, ctx.Params[0]) is { } clearTarget)
                {
                    MetadataChanges.Clear(ctx, clearTarget);
                }
                break;
            // Subscriptions belong to the connection; the target is "*" by the specification and not looked at.
            case "SUB":
                if (HasKeys(ctx))
                {
                    MetadataSubscriptions.Subscribe(ctx);
                }
                break;
            case "UNSUB":
                if (HasKeys(ctx))
                {
                    MetadataSubscriptions.Unsubscribe(ctx);
                }
                break;
            case "SUBS":
                MetadataSubscriptions.List(ctx);
                break;
            default:
                ctx.Fail("SUBCOMMAND_INVALID", "invalid subcommand", ctx.Params[1]);
                break;
        }
    }

    /// <summary>Whether at least one key follows the subcommand; otherwise answers 461.</summary>
    private static bool HasKeys(CommandContext ctx)
    {
        if (Keys(ctx).Count > 0)
        {
            return true;
        }
        ctx.NeedMoreParams();
        return false;
    }

    /// <summary>The keys after the subcommand. Keys hold no spaces, so a parameter with spaces is several keys: the 15th
    /// parameter of a long SUB takes the rest of the line, and some clients send the list as one trailing parameter.</summary>
    internal static List<string> Keys(CommandContext ctx) =>
        ctx.Params.Skip(2).SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>The target, when it exists and the sender may read its metadata; otherwise null after answering FAIL.</summary>
    private static ResolvedTarget? ReadableTarget(CommandContext ctx)
    {
        if (MetadataTargets.Resolve(ctx, ctx.Params[0]) is not { } target)
        {
            return null;
        }
        if (!MetadataTargets.CanRead(ctx.Session, target.Target))
        {
            MetadataTargets.DenyRead(ctx, target);
            return null;
        }
        return target;
    }

    /// <summary>GET key...: for each key in order, its value, "not set", or FAIL KEY_INVALID, in one metadata batch.</summary>
    private static void Get(CommandContext ctx, ResolvedTarget target)
    {
        using var batch = ReplyBatch.Open(ctx.Hub, ctx.Session, "metadata", target.Name);
        foreach (var key in Keys(ctx))
        {
            if (!MetadataLimits.IsValidKey(key))
            {
                batch.Fail(ctx.Command, "KEY_INVALID", "invalid key", key);
            }
            else if (ctx.Hub.Metadata.Get(target.Target, key) is { } value)
            {
                MetadataReplies.KeyValue(batch, target.Name, key, value);
            }
            else
            {
                MetadataReplies.KeyNotSet(batch, target.Name, key);
            }
        }
    }

    /// <summary>LIST: every key of the target with its value, in one metadata batch (empty when none is set).</summary>
    private static void List(CommandContext ctx, ResolvedTarget target)
    {
        using var batch = ReplyBatch.Open(ctx.Hub, ctx.Session, "metadata", target.Name);
        foreach (var (key, value) in ctx.Hub.Metadata.List(target.Target))
        {
            MetadataReplies.KeyValue(batch, target.Name, key, value);
        }
    }

    /// <summary>SYNC: the subscribed keys of a user, or of a room and all its members. Parley always answers at once,
    /// so never with RPL_METADATASYNCLATER.</summary>
    private static void Sync(CommandContext ctx, ResolvedTarget target)
    {
        if (target.Target.Room is { } room)
        {
            MetadataNotifications.SyncRoom(ctx.Hub, ctx.Session, room, sendEmpty: true);
        }
        else
        {
            MetadataNotifications.SyncUser(ctx.Hub, ctx.Session, target.Target.User!, target.Name);
        }
    }
}
