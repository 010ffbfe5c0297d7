using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>The optional &lt;target&gt; of server queries (MOTD, VERSION, TIME, INFO, ADMIN, LUSERS, WHOIS): Parley is a
/// network of one server, so a target is fine when it names this server (a mask may) or a user on it.</summary>
internal static class ServerTarget
{
    /// <summary>True when the query may be answered here; otherwise sends 402 ERR_NOSUCHSERVER and returns false.</summary>
    public static bool Accept(CommandContext ctx, string? target)
    {
        if (IsHere(ctx.Hub, target))
        {
            return true;
        }
        ctx.Reply(Numerics.ERR_NOSUCHSERVER, target!, "No such server");
        return false;
    }

    /// <summary>Whether <paramref name="target"/> is absent, matches this server's name, or names a user here.</summary>
    public static bool IsHere(ChatHub hub, string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return true;
        }
        if (Wildcard.IsMatch(target.ToLowerInvariant(), hub.ServerName.ToLowerInvariant()))
        {
            return true;
        }
        return hub.Nicks.Find(target) is { IsRegistered: true };
    }
}
