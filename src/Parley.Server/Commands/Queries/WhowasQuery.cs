using Parley.Protocol.Irc;

namespace Parley.Server.Commands.Queries;

/// <summary>WHOWAS nick[,nick...] [count]: users who left or changed nick, newest first (314 and 312 for each), or
/// ERR_WASNOSUCHNICK (406); each nick closed by RPL_ENDOFWHOWAS (369).</summary>
internal static class WhowasQuery
{
    /// <summary>The most nicks answered from one WHOWAS.</summary>
    private const int MaxNicks = 4;

    public static void Handle(CommandContext ctx)
    {
        var nicks = ctx.Param(0);
        if (string.IsNullOrEmpty(nicks))
        {
            ctx.Reply(Numerics.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        // A count that is missing, not a number or not positive asks for every entry (RFC 1459 4.5.3).
        var count = int.TryParse(ctx.Param(1), out var n) && n > 0 ? n : int.MaxValue;
        foreach (var nick in nicks.Split(',', StringSplitOptions.RemoveEmptyEntries).Take(MaxNicks))
        {
            var found = false;
            foreach (var entry in ctx.Hub.Whowas.Find(nick).Take(count))
            {
                found = true;
                ctx.Reply(Numerics.RPL_WHOWASUSER, entry.Nick, entry.UserName, entry.Host, "*", entry.RealName);
                ctx.Reply(Numerics.RPL_WHOISSERVER, entry.Nick, ctx.Hub.ServerName,
                    entry.LeftAt.ToString("ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture));
            }
            if (!found)
            {
                ctx.Reply(Numerics.ERR_WASNOSUCHNICK, nick, "There was no such nickname");
            }
            ctx.Reply(Numerics.RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
        }
    }
}
