using Parley.Protocol.Irc;
using Parley.Server.Commands.Registration;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>AWAY [:message]: marks the sender away (306) or back (305); peers and extended-monitor watchers with
/// away-notify are told of each change, and room members of the away state of someone who joins their room.</summary>
internal static class AwayCommand
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var text = ctx.Param(0);
        if (string.IsNullOrEmpty(text))
        {
            var wasAway = session.AwayMessage is not null;
            session.AwayMessage = null;
            ctx.Reply(Numerics.RPL_UNAWAY, "You are no longer marked as being away");
            if (wasAway)
            {
                NotifyObservers(ctx.Hub, session);
            }
            return;
        }
        var message = RegistrationCommands.Truncate(text, ServerSupport.TextLength);
        var changed = session.AwayMessage != message;
        session.AwayMessage = message;
        ctx.Reply(Numerics.RPL_NOWAWAY, "You have been marked as being away");
        if (changed)
        {
            NotifyObservers(ctx.Hub, session);
        }
    }

    /// <summary>Tells the members of <paramref name="room"/> with away-notify that someone who just joined is away.</summary>
    public static void AnnounceOnJoin(ChatHub hub, Session session, Room room)
    {
        if (session.AwayMessage is null)
        {
            return;
        }
        hub.SendToMany(room.Members.Keys.Where(m => m.Has(Capability.AwayNotify)), Build(hub, session), except: session);
    }

    private static void NotifyObservers(ChatHub hub, Session session) =>
        hub.SendToMany(hub.Observers(session).Where(p => p.Has(Capability.AwayNotify)), Build(hub, session));

    /// <summary>":nick!user@host AWAY :message" while away, ":nick!user@host AWAY" once back.</summary>
    private static IrcMessage Build(ChatHub hub, Session session) =>
        hub.Stamp(new IrcMessage(null, session.Mask, "AWAY", session.AwayMessage is { } away ? [away] : []), sender: session);
}
