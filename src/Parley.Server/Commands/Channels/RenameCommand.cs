using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>RENAME (IRCv3 draft/channel-rename): a room operator gives the room a new name, keeping its members,
/// modes, lists and topic. Members with the capability see RENAME; the others see themselves leave the old name and
/// join the new one, as the specification's fallback says.</summary>
internal static class RenameCommand
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var oldName = ctx.Params[0];
        var newName = ctx.Params[1];
        var reason = ctx.Param(2) ?? string.Empty;
        if (RoomPolicy.RoomToManage(ctx, oldName, needOperator: true) is not { } room)
        {
            return;
        }
        if (!IrcNames.IsValidChannel(newName))
        {
            ctx.Fail("CANNOT_RENAME", "That is not a valid channel name", room.Name, newName);
            return;
        }
        if (room.Name == newName)
        {
            return; // nothing changes, so nothing to tell
        }
        oldName = room.Name;
        if (!hub.Rooms.TryRename(room, newName))
        {
            ctx.Fail("CHANNEL_NAME_IN_USE", "The channel name is already taken", oldName, newName);
            return;
        }
        Announce(ctx, room, oldName, reason);
        hub.MessageLog.LogInformation("{Nick} renamed {Old} to {New}", ctx.Session.Nick, oldName, room.Name);
    }

    private static void Announce(CommandContext ctx, Room room, string oldName, string reason)
    {
        var hub = ctx.Hub;
        var rename = hub.Stamp(new IrcMessage(null, ctx.Session.Mask, "RENAME", [oldName, room.Name, reason]));
        hub.SendToMany(room.Members.Keys.Where(m => m.Has(Capability.ChannelRename)), rename);

        // A change of case only is not worth a PART and JOIN: the specification says to skip the fallback then.
        if (IrcCaseMapping.AreEqual(oldName, room.Name))
        {
            return;
        }
        foreach (var member in room.Members.Keys.Where(m => !m.Has(Capability.ChannelRename)).ToList())
        {
            string[] partParameters = reason.Length == 0 ? [oldName] : [oldName, reason];
            hub.Send(member, hub.Stamp(new IrcMessage(null, member.Mask, "PART", partParameters)));
            string[] joinParameters = member.Has(Capability.ExtendedJoin) ? [room.Name, member.Account ?? "*", member.RealName] : [room.Name];
            hub.Send(member, hub.Stamp(new IrcMessage(null, member.Mask, "JOIN", joinParameters)));
            if (room.Topic is not null)
            {
                ChannelCommands.SendTopic(hub, member, room);
            }
            Messaging.ReadMarkerCommand.AnnounceOnJoin(hub, member, room);
            ChannelCommands.SendNames(hub, member, room);
        }
    }
}
