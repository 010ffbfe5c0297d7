using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>MONITOR (IRCv3 monitor): "+ a,b" watches nicks and reports their status (730/731), "- a,b" stops
/// watching, "C" clears the list, "L" lists it (732, 733), "S" reports the status of every watched nick. The hub then
/// tells the watcher when a watched nick comes online or goes offline (see <see cref="MonitorNotices"/>).</summary>
internal static class MonitorCommand
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        switch (ctx.Params[0].ToUpperInvariant())
        {
            case "+":
                if (Targets(ctx) is { } added)
                {
                    Add(ctx, added);
                }
                break;
            case "-":
                if (Targets(ctx) is { } removed)
                {
                    foreach (var nick in removed)
                    {
                        hub.Monitors.Remove(session, nick);
                    }
                }
                break;
            case "C":
                hub.Monitors.Clear(session);
                break;
            case "L":
                MonitorNotices.SendLists(hub, session, Numerics.RPL_MONLIST, hub.Monitors.ListOf(session));
                ctx.Reply(Numerics.RPL_ENDOFMONLIST, "End of MONITOR list");
                break;
            case "S":
                MonitorNotices.SendStatus(hub, session, hub.Monitors.ListOf(session));
                break;
            default:
                ctx.Reply(Numerics.ERR_UNKNOWNERROR, "MONITOR", ctx.Params[0], "Unknown MONITOR subcommand: use +, -, C, L or S");
                break;
        }
    }

    /// <summary>The comma-separated targets after "+" or "-", or null (and 461) when there are none.</summary>
    private static string[]? Targets(CommandContext ctx)
    {
        var targets = (ctx.Param(1) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (targets.Length == 0)
        {
            ctx.NeedMoreParams();
            return null;
        }
        return targets;
    }

    /// <summary>Adds each valid nick until the list is full; masks and other non-nicks get 432 (MONITOR watches nicks
    /// only, so nobody can follow a person across nick changes by host). Reports the status of every nick taken, then
    /// ERR_MONLISTFULL (734) with the targets left out.</summary>
    private static void Add(CommandContext ctx, string[] targets)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        var taken = new List<string>(targets.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string[] refused = [];
        for (var i = 0; i < targets.Length; i++)
        {
            var nick = targets[i];
            if (!IrcNames.IsValidNick(nick))
            {
                ctx.Reply(Numerics.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
                continue;
            }
            if (!hub.Monitors.TryAdd(session, nick, ServerSupport.MaxMonitorEntries))
            {
                refused = targets[i..];
                break;
            }
            if (seen.Add(IrcCaseMapping.Fold(nick)))
            {
                taken.Add(nick);
            }
        }
        MonitorNotices.SendStatus(hub, session, taken);
        if (refused.Length > 0)
        {
            ctx.Reply(Numerics.ERR_MONLISTFULL, ServerSupport.MaxMonitorEntries.ToString(), string.Join(',', refused), "Monitor list is full");
        }
    }
}
