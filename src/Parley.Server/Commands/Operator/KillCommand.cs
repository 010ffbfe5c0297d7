using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;

namespace Parley.Server.Commands.Operator;

/// <summary>KILL nick [:reason] (operators only): disconnects a user. The victim is sent KILL and ERROR; its peers see it
/// QUIT with "Killed (killer (reason))".</summary>
internal static class KillCommand
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var killer = ctx.Session;
        var nick = ctx.Params[0];
        var victim = hub.Nicks.Find(nick);
        if (victim is null || !victim.IsRegistered)
        {
            if (string.Equals(nick, hub.ServerName, StringComparison.OrdinalIgnoreCase))
            {
                ctx.Reply(Numerics.ERR_CANTKILLSERVER, "You can't kill a server!");
                return;
            }
            ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            return;
        }
        var reason = string.IsNullOrEmpty(ctx.Param(1)) ? "No reason given" : ctx.Params[1];
        var quitReason = $"Killed ({killer.Nick} ({reason}))";

        hub.Send(victim, new IrcMessage(null, killer.Mask, "KILL", [victim.Nick!, reason]));
        hub.Send(victim, new IrcMessage("ERROR", $"Closing Link: {victim.Host} ({quitReason})"));
        hub.ConnectionLog.LogInformation("{Killer} killed {Victim}: {Reason}", killer.Nick, victim.Nick, reason);
        OperatorNotices.Send(hub, $"{killer.Nick} killed {victim.Mask}: {reason}", except: killer);
        hub.Disconnect(victim, quitReason);
    }
}
