using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>A METADATA target found: what holds the metadata, and the name replies show for it.</summary>
internal sealed record ResolvedTarget(MetadataTarget Target, string Name);

/// <summary>Which user or room a METADATA target names, and who may read or change its metadata.</summary>
internal static class MetadataTargets
{
    /// <summary>The target named by <paramref name="raw"/> ("*" is the sender), or null after answering FAIL.</summary>
    /// <remarks>A secret room is answered as if it did not exist to those outside it, as WHOIS and LIST hide it.</remarks>
    public static ResolvedTarget? Resolve(CommandContext ctx, string raw)
    {
        var session = ctx.Session;
        if (raw == "*")
        {
            // Before registration "*" is all a client may name, and replies name it "*" too: it has no nick yet.
            return new ResolvedTarget(session, session.IsRegistered ? session.Nick! : "*");
        }
        if (!session.IsRegistered)
        {
            ctx.Fail("KEY_NO_PERMISSION", "only your own metadata (\"*\") is available before registration", raw, "*");
            return null;
        }
        if (IrcNames.IsChannelName(raw))
        {
            var room = ctx.Hub.Rooms.Find(raw);
            if (room is not null && (!room.Modes.HasFlag(RoomModes.Secret) || room.Contains(session) || session.IsOperator))
            {
                return new ResolvedTarget(room, room.Name);
            }
        }
        else if (ctx.Hub.Nicks.Find(raw) is { IsRegistered: true } user)
        {
            return new ResolvedTarget(user, user.Nick!);
        }
        ctx.Fail("INVALID_TARGET", "invalid metadata target", raw);
        return null;
    }

    /// <summary>Anyone may read a user's metadata (as anyone may WHOIS them); a room's only its members and operators.</summary>
    public static bool CanRead(Session reader, MetadataTarget target) =>
        target.Room is not { } room || room.Contains(reader) || reader.IsOperator;

    /// <summary>Users change their own metadata, room operators their room's; IRC operators may change any.</summary>
    public static bool CanWrite(Session writer, MetadataTarget target) =>
        writer.IsOperator || (target.Room is { } room ? room.IsOperator(writer) : target.User == writer);

    /// <summary>FAIL KEY_NO_PERMISSION for a target whose metadata the sender may not read.</summary>
    public static void DenyRead(CommandContext ctx, ResolvedTarget target) =>
        ctx.Fail("KEY_NO_PERMISSION", "you may not see this target's metadata", target.Name, "*");
}
