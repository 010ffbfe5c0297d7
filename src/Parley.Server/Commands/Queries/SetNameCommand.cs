using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>SETNAME :realname (IRCv3 setname): changes the real name; the sender, its peers and its extended-monitor
/// watchers that negotiated the setname capability see the change, and a name that is empty or too long is refused
/// with FAIL INVALID_REALNAME.</summary>
internal static class SetNameCommand
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var name = ctx.Params[0];
        if (name.Trim().Length == 0 || name.Length > ServerSupport.RealNameLength)
        {
            ctx.Fail("INVALID_REALNAME", $"Realname is not valid: it must be 1 to {ServerSupport.RealNameLength} characters");
            return;
        }
        session.RealName = name;
        var change = ctx.Hub.Stamp(new IrcMessage(null, session.Mask, "SETNAME", [name]), sender: session);
        var audience = ctx.Hub.Observers(session);
        audience.Add(session);
        ctx.Hub.SendToMany(audience.Where(s => s.Has(Capability.SetName)), change);
    }
}
