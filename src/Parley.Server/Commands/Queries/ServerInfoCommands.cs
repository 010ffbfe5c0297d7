using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>Questions about the server itself: LUSERS, MOTD, VERSION, TIME, INFO, ADMIN, LINKS. Each takes an optional
/// target server, which must be this one (402 otherwise).</summary>
internal static class ServerInfoCommands
{
    public static void Lusers(CommandContext ctx)
    {
        // LUSERS [mask [target]]: the mask would pick servers, and there is only this one.
        if (ServerTarget.Accept(ctx, ctx.Param(1)))
        {
            Welcome.SendLusers(ctx.Hub, ctx.Session);
        }
    }

    public static void Motd(CommandContext ctx)
    {
        if (ServerTarget.Accept(ctx, ctx.Param(0)))
        {
            Welcome.SendMotd(ctx.Hub, ctx.Session);
        }
    }

    public static void Version(CommandContext ctx)
    {
        if (!ServerTarget.Accept(ctx, ctx.Param(0)))
        {
            return;
        }
        var hub = ctx.Hub;
        ctx.Reply(Numerics.RPL_VERSION, hub.Support.Version, hub.ServerName, $"Parley chat server for the {hub.Options.Network} network");
        Welcome.SendSupport(hub, ctx.Session);
    }

    public static void Time(CommandContext ctx)
    {
        if (!ServerTarget.Accept(ctx, ctx.Param(0)))
        {
            return;
        }
        var now = ctx.Hub.Time.GetUtcNow();
        ctx.Reply(Numerics.RPL_TIME, ctx.Hub.ServerName, now.ToString("dddd MMMM d yyyy -- HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
    }

    public static void Info(CommandContext ctx)
    {
        if (!ServerTarget.Accept(ctx, ctx.Param(0)))
        {
            return;
        }
        var hub = ctx.Hub;
        string[] lines =
        [
            $"{hub.Support.Version} on {hub.ServerName}",
            "Parley: one chat hub reached through several doors,",
            "IRC clients (RFC 1459/2812 and IRCv3) and plain-text users (nc, telnet) share the same rooms.",
            $"Running since {hub.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC.",
        ];
        foreach (var line in lines)
        {
            ctx.Reply(Numerics.RPL_INFO, line);
        }
        ctx.Reply(Numerics.RPL_ENDOFINFO, "End of /INFO list");
    }

    public static void Links(CommandContext ctx)
    {
        // LINKS [[remote] mask]: the remote says where to ask (only here), the mask picks servers by name.
        var mask = ctx.Params.Count >= 2 ? ctx.Params[1] : ctx.Param(0);
        if (ctx.Params.Count >= 2 && !ServerTarget.Accept(ctx, ctx.Params[0]))
        {
            return;
        }
        var hub = ctx.Hub;
        if (string.IsNullOrEmpty(mask) || Wildcard.IsMatch(mask.ToLowerInvariant(), hub.ServerName.ToLowerInvariant()))
        {
            // A network of one: this server, linked to itself, zero hops away.
            ctx.Reply(Numerics.RPL_LINKS, hub.ServerName, hub.ServerName, "0 " + hub.Options.ServerDescription);
        }
        ctx.Reply(Numerics.RPL_ENDOFLINKS, string.IsNullOrEmpty(mask) ? "*" : mask, "End of /LINKS list");
    }

    public static void Admin(CommandContext ctx)
    {
        if (!ServerTarget.Accept(ctx, ctx.Param(0)))
        {
            return;
        }
        var hub = ctx.Hub;
        ctx.Reply(Numerics.RPL_ADMINME, hub.ServerName, "Administrative info");
        ctx.Reply(Numerics.RPL_ADMINLOC1, $"Server of the {hub.Options.Network} network");
        ctx.Reply(Numerics.RPL_ADMINLOC2, "Ask an IRC operator (see LUSERS) for help");
        ctx.Reply(Numerics.RPL_ADMINEMAIL, "No administrative email address is configured");
    }
}
