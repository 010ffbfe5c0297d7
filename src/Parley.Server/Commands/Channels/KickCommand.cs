using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>KICK: a room operator removes members. "KICK #c a,b :why" kicks several from one room;
/// "KICK #a,#b x,y" pairs rooms and nicks. Each removal is its own KICK line, as RFC 2812 requires.</summary>
internal static class KickCommand
{
    /// <summary>The most removals one KICK performs (ISUPPORT TARGMAX KICK); further targets are named in
    /// ERR_TOOMANYTARGETS and left alone.</summary>
    public const int MaxTargets = ServerSupport.MaxTargets;

    public static void Handle(CommandContext ctx)
    {
        var rooms = ctx.Params[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var nicks = ctx.Params[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (rooms.Length == 0 || nicks.Length == 0 || (rooms.Length != 1 && rooms.Length != nicks.Length))
        {
            ctx.NeedMoreParams();
            return;
        }
        var given = ctx.Param(2);
        var reason = string.IsNullOrEmpty(given) ? null : RoomText.Limit(given, ServerSupport.TextLength);
        for (var i = 0; i < Math.Min(nicks.Length, MaxTargets); i++)
        {
            KickOne(ctx, rooms.Length == 1 ? rooms[0] : rooms[i], nicks[i], reason);
        }
        if (nicks.Length > MaxTargets)
        {
            ctx.TooManyTargets(nicks.Skip(MaxTargets), MaxTargets);
        }
    }

    private static void KickOne(CommandContext ctx, string roomName, string nick, string? reason)
    {
        if (RoomPolicy.RoomToManage(ctx, roomName, needOperator: true) is not { } room)
        {
            return;
        }
        var target = ctx.Hub.Nicks.Find(nick);
        if (target is null || !target.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            return;
        }
        if (!room.Contains(target))
        {
            ctx.Reply(Numerics.ERR_USERNOTINCHANNEL, target.Nick!, room.Name, "They aren't on that channel");
            return;
        }
        ChannelCommands.Leave(ctx.Hub, ctx.Session, room, "KICK", reason, kicked: target);
    }
}
