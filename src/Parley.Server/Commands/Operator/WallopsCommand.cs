using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Operator;

/// <summary>WALLOPS :text (operators only): a message to every user who set user mode +w, the sender included if it did.</summary>
internal static class WallopsCommand
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var message = hub.Stamp(new IrcMessage(null, ctx.Session.Mask, "WALLOPS", [ctx.Params[0]]));
        var audience = hub.Sessions.Where(s => s.IsRegistered && s.Modes.HasFlag(UserModes.Wallops)).ToList();
        hub.SendToMany(audience, message);
    }
}
