using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>WHO: the members of a room, or the users matching a mask, as RPL_WHOREPLY (352) or, with WHOX
/// ("WHO mask %fields,token"), RPL_WHOSPCRPL (354); always closed by RPL_ENDOFWHO (315) naming the mask as sent.</summary>
internal static class WhoQuery
{
    /// <summary>The IP shown to those who may not see a user's address (the ircu convention).</summary>
    private const string HiddenIp = "255.255.255.255";

    public static void Handle(CommandContext ctx)
    {
        var given = ctx.Param(0);
        var options = ctx.Param(1) ?? string.Empty;
        var percent = options.IndexOf('%');
        var whox = percent < 0 ? null : WhoxRequest.Parse(options[(percent + 1)..]);
        var operatorsOnly = (percent < 0 ? options : options[..percent]).Contains('o');

        var mask = string.IsNullOrEmpty(given) || given == "0" ? "*" : given;
        foreach (var (who, room) in Find(ctx.Hub, ctx.Session, mask))
        {
            if (operatorsOnly && !who.IsOperator)
            {
                continue;
            }
            if (whox is null)
            {
                SendWhoReply(ctx, who, room);
            }
            else
            {
                SendWhoxReply(ctx, whox, who, room);
            }
        }
        ctx.Reply(Numerics.RPL_ENDOFWHO, string.IsNullOrEmpty(given) ? "*" : given, "End of WHO list");
    }

    /// <summary>Who the viewer may list under <paramref name="mask"/>, each with the room the reply names (or null).</summary>
    private static IEnumerable<(Session Who, Room? Room)> Find(ChatHub hub, Session viewer, string mask)
    {
        if (IrcNames.IsChannelName(mask))
        {
            var room = hub.Rooms.Find(mask);
            if (room is null || (room.Modes.HasFlag(RoomModes.Secret) && !room.Contains(viewer) && !viewer.IsOperator))
            {
                yield break;
            }
            var member = room.Contains(viewer);
            foreach (var who in room.Members.Keys.ToList())
            {
                if (member || Visibility.CanFind(viewer, who))
                {
                    yield return (who, room);
                }
            }
            yield break;
        }

        // An exact nick names one person, who is shown even when invisible: the asker already knows the nick.
        if (mask.IndexOfAny(['*', '?']) < 0 && hub.Nicks.Find(mask) is { IsRegistered: true } named)
        {
            yield return (named, null);
            yield break;
        }

        var folded = IrcCaseMapping.Fold(mask);
        var server = IrcCaseMapping.Fold(hub.ServerName);
        foreach (var who in hub.Nicks.All.Where(s => s.IsRegistered).ToList())
        {
            if (Visibility.CanFind(viewer, who) && Matches(folded, who, server))
            {
                yield return (who, null);
            }
        }
    }

    /// <summary>RFC 2812: the mask is matched against the nick, the user name, the host, the server and the real name.</summary>
    private static bool Matches(string foldedMask, Session who, string foldedServer) =>
        Wildcard.IsMatch(foldedMask, IrcCaseMapping.Fold(who.Nick!))
        || Wildcard.IsMatch(foldedMask, IrcCaseMapping.Fold(who.Mask))
        || Wildcard.IsMatch(foldedMask, IrcCaseMapping.Fold(who.UserName ?? string.Empty))
        || Wildcard.IsMatch(foldedMask, IrcCaseMapping.Fold(who.Host))
        || Wildcard.IsMatch(foldedMask, foldedServer)
        || Wildcard.IsMatch(foldedMask, IrcCaseMapping.Fold(who.RealName));

    private static void SendWhoReply(CommandContext ctx, Session who, Room? room)
    {
        ctx.Reply(Numerics.RPL_WHOREPLY,
            room?.Name ?? "*",
            who.UserName ?? "*",
            who.Host,
            ctx.Hub.ServerName,
            who.Nick!,
            Flags(ctx.Session, who, room),
            "0 " + who.RealName);
    }

    private static void SendWhoxReply(CommandContext ctx, WhoxRequest request, Session who, Room? room)
    {
        var viewer = ctx.Session;
        var fields = new List<string>(request.Fields.Length);
        foreach (var field in request.Fields)
        {
            fields.Add(field switch
            {
                't' => request.Token,
                'c' => room?.Name ?? "*",
                'u' => who.UserName ?? "*",
                'i' => viewer == who || viewer.IsOperator ? who.Transport.Host : HiddenIp,
                'h' => who.Host,
                's' => ctx.Hub.ServerName,
                'n' => who.Nick!,
                'f' => Flags(viewer, who, room),
                'd' => "0",
                'l' => IdleSeconds(ctx.Hub, who).ToString(),
                'a' => who.Account ?? "0", // "0" means not logged in
                'o' => "n/a",
                _ => who.RealName, // 'r'
            });
        }
        ctx.Reply(Numerics.RPL_WHOSPCRPL, [.. fields]);
    }

    /// <summary>H (here) or G (gone, away), '*' for an IRC operator, 'B' for a bot, then the member's prefixes in the room.</summary>
    internal static string Flags(Session viewer, Session who, Room? room)
    {
        var flags = who.AwayMessage is null ? "H" : "G";
        if (who.IsOperator)
        {
            flags += "*";
        }
        if (who.IsBot)
        {
            flags += UserModeLetters.BotLetter;
        }
        if (room?.StatusOf(who) is { } status)
        {
            flags += ChannelCommands.Prefixes(status, viewer.Has(Capability.MultiPrefix));
        }
        return flags;
    }

    /// <summary>Seconds since the user last spoke.</summary>
    internal static long IdleSeconds(ChatHub hub, Session who) =>
        Math.Max(0, (long)(hub.Time.GetUtcNow() - who.LastActive).TotalSeconds);
}
