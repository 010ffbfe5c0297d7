using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>INVITE: asks someone into a room (needed to join +i, and lets them past +l and +b); with no
/// parameters, lists the rooms the sender is invited to.</summary>
internal static class InviteCommand
{
    public static void Handle(CommandContext ctx)
    {
        if (ctx.Params.Count == 0)
        {
            ListInvites(ctx);
            return;
        }
        if (ctx.Params.Count < 2)
        {
            ctx.NeedMoreParams();
            return;
        }
        var hub = ctx.Hub;
        var inviter = ctx.Session;
        var nick = ctx.Params[0];
        var roomName = ctx.Params[1];

        var room = hub.Rooms.Find(roomName);
        if (room is null)
        {
            ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, roomName, "No such channel");
            return;
        }
        if (!room.Contains(inviter))
        {
            ctx.Reply(Numerics.ERR_NOTONCHANNEL, room.Name, "You're not on that channel");
            return;
        }
        if (room.Modes.HasFlag(RoomModes.InviteOnly) && !room.IsOperator(inviter))
        {
            ctx.Reply(Numerics.ERR_CHANOPRIVSNEEDED, room.Name, "You're not channel operator");
            return;
        }
        var target = hub.Nicks.Find(nick);
        if (target is null || !target.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            return;
        }
        if (room.Contains(target))
        {
            ctx.Reply(Numerics.ERR_USERONCHANNEL, target.Nick!, room.Name, "is already on channel");
            return;
        }

        room.Invited.Add(target);
        target.Invitations.Add(room);
        ctx.Reply(Numerics.RPL_INVITING, target.Nick!, room.Name);
        if (target.AwayMessage is { } away)
        {
            ctx.Reply(Numerics.RPL_AWAY, target.Nick!, away);
        }
        var invite = hub.Stamp(new IrcMessage(null, inviter.Mask, "INVITE", [target.Nick!, room.Name]), sender: inviter);
        hub.Send(target, invite);

        // invite-notify: the room's other operators, who could have sent this invitation themselves, hear of it.
        var notified = room.Members
            .Where(m => m.Value.HasFlag(MemberStatus.Operator) && m.Key != inviter && m.Key.Has(Capability.InviteNotify))
            .Select(m => m.Key);
        hub.SendToMany(notified, invite);
    }

    private static void ListInvites(CommandContext ctx)
    {
        foreach (var room in ctx.Session.Invitations.Where(r => r.Invited.Contains(ctx.Session)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            ctx.Reply(Numerics.RPL_INVITELIST, room.Name);
        }
        ctx.Reply(Numerics.RPL_ENDOFINVITELIST, "End of /INVITE list");
    }
}
