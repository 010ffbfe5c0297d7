using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>WHOIS [server] nick: who someone is (311), their rooms (319), server (312), operator status (313), client
/// certificate fingerprint (276, to the user and operators), bot mode (335), account (330), away message (301), idle and
/// sign-on times (317), closed by RPL_ENDOFWHOIS (318).</summary>
internal static class WhoisQuery
{
    public static void Handle(CommandContext ctx)
    {
        // "WHOIS nick" or "WHOIS server nick"; with two, the first only says where to ask, and here is the only place.
        var nicks = ctx.Params.Count >= 2 ? ctx.Params[1] : ctx.Param(0);
        if (string.IsNullOrEmpty(nicks))
        {
            ctx.Reply(Numerics.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        if (ctx.Params.Count >= 2 && !ServerTarget.Accept(ctx, ctx.Params[0]))
        {
            return;
        }
        // TARGMAX advertises WHOIS:1, so only the first of a comma list is answered; the rest are named in 407.
        var list = nicks.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var nick = list.FirstOrDefault() ?? nicks;
        var target = ctx.Hub.Nicks.Find(nick);
        if (target is null || !target.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            ctx.Reply(Numerics.RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
        }
        else
        {
            Describe(ctx, target);
            ctx.Reply(Numerics.RPL_ENDOFWHOIS, target.Nick!, "End of /WHOIS list");
        }
        if (list.Length > 1)
        {
            ctx.TooManyTargets(list.Skip(1), 1);
        }
    }

    private static void Describe(CommandContext ctx, Session target)
    {
        var hub = ctx.Hub;
        var viewer = ctx.Session;
        var nick = target.Nick!;
        var privileged = viewer == target || viewer.IsOperator;

        ctx.Reply(Numerics.RPL_WHOISUSER, nick, target.UserName ?? "*", target.Host, "*", target.RealName);
        foreach (var line in RoomLines(viewer, target, 400 - hub.ServerName.Length - viewer.NickOrStar.Length - nick.Length))
        {
            ctx.Reply(Numerics.RPL_WHOISCHANNELS, nick, line);
        }
        ctx.Reply(Numerics.RPL_WHOISSERVER, nick, hub.ServerName, hub.Options.ServerDescription);
        if (target.IsOperator)
        {
            ctx.Reply(Numerics.RPL_WHOISOPERATOR, nick, "is an IRC operator");
        }
        if (target.Account is { } account)
        {
            ctx.Reply(Numerics.RPL_WHOISACCOUNT, nick, account, "is logged in as");
        }
        if (target.IsBot)
        {
            ctx.Reply(Numerics.RPL_WHOISBOT, nick, $"is a bot on {hub.Options.Network}");
        }
        if (privileged)
        {
            // Only the user and operators see the real address and the modes.
            ctx.Reply(Numerics.RPL_WHOISHOST, nick, $"is connecting from *@{target.Host} {target.Transport.Host}");
            ctx.Reply(Numerics.RPL_WHOISMODES, nick, $"is using modes {UserModeLetters.Format(target.Modes)}");
            if (target.Transport.ClientCertificateFingerprint is { } fingerprint)
            {
                // What SASL EXTERNAL would match: shown to the user (to register it) and to operators, never to others.
                ctx.Reply(Numerics.RPL_WHOISCERTFP, nick, $"has client certificate fingerprint {fingerprint}");
            }
        }
        if (target.AwayMessage is { } away)
        {
            ctx.Reply(Numerics.RPL_AWAY, nick, away);
        }
        Metadata.MetadataNotifications.Whois(hub, viewer, target);
        ctx.Reply(Numerics.RPL_WHOISIDLE, nick,
            WhoQuery.IdleSeconds(hub, target).ToString(),
            target.ConnectedAt.ToUnixTimeSeconds().ToString(),
            "seconds idle, signon time");
    }

    /// <summary>The rooms the viewer may see the target in, prefixed by status, in lines of at most
    /// <paramref name="budget"/> characters.</summary>
    private static List<string> RoomLines(Session viewer, Session target, int budget)
    {
        var multi = viewer.Has(Capability.MultiPrefix);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var room in target.Rooms)
        {
            if (!Visibility.CanSeeMembership(viewer, target, room))
            {
                continue;
            }
            var entry = ChannelCommands.Prefixes(room.StatusOf(target) ?? MemberStatus.None, multi) + room.Name;
            if (line.Length > 0 && line.Length + 1 + entry.Length > budget)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0)
            {
                line.Append(' ');
            }
            line.Append(entry);
        }
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }
        return lines;
    }
}
