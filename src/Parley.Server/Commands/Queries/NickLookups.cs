using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>Quick questions about nicks: ISON (who of these is online, 303) and USERHOST (their user@host, 302).</summary>
internal static class NickLookups
{
    /// <summary>The most nicks USERHOST answers (RFC 2812).</summary>
    private const int MaxUserhostNicks = 5;

    /// <summary>Room left in a reply line for its list of nicks.</summary>
    private const int ReplyBudget = 400;

    public static void Ison(CommandContext ctx)
    {
        var online = new StringBuilder();
        foreach (var nick in Words(ctx.Params))
        {
            if (ctx.Hub.Nicks.Find(nick) is { IsRegistered: true } found && online.Length + found.Nick!.Length < ReplyBudget)
            {
                online.Append(online.Length == 0 ? string.Empty : " ").Append(found.Nick);
            }
        }
        ctx.Reply(Numerics.RPL_ISON, online.ToString());
    }

    public static void Userhost(CommandContext ctx)
    {
        var replies = new List<string>();
        foreach (var nick in Words(ctx.Params).Take(MaxUserhostNicks))
        {
            if (ctx.Hub.Nicks.Find(nick) is not { IsRegistered: true } found)
            {
                continue;
            }
            // nick[*]=(+|-)user@host: '*' marks an operator, '-' someone away, '+' someone here.
            var oper = found.IsOperator ? "*" : string.Empty;
            var here = found.AwayMessage is null ? '+' : '-';
            replies.Add($"{found.Nick}{oper}={here}{found.UserName}@{found.Host}");
        }
        ctx.Reply(Numerics.RPL_USERHOST, string.Join(' ', replies));
    }

    /// <summary>Nicks may come as separate parameters or space-separated in the trailing one.</summary>
    private static IEnumerable<string> Words(IReadOnlyList<string> parameters) =>
        parameters.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
