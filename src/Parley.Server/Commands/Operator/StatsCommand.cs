using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Storage;

namespace Parley.Server.Commands.Operator;

/// <summary>STATS letter: k (K-lines) and d (D-lines) for operators, u (uptime) for anyone; every answer ends with 219.
/// Other letters have nothing to report and get the end line alone, as RFC 2812 allows.</summary>
/// <remarks>K-lines come as 216 RPL_STATSKLINE and D-lines as 225 RPL_STATSDLINE (the numbers ircd-hybrid and charybdis
/// use), each <c>LETTER mask set-by set-at expires :reason</c>, times in UTC ISO 8601 and "permanent" for no end, so an
/// operator sees who set a ban and when.</remarks>
internal static class StatsCommand
{
    // Kept here rather than in Numerics: only STATS uses them.
    private const string RPL_STATSKLINE = "216";
    private const string RPL_ENDOFSTATS = "219";
    private const string RPL_STATSDLINE = "225";
    private const string RPL_STATSUPTIME = "242";

    public static void Handle(CommandContext ctx)
    {
        var query = ctx.Params[0];
        var letter = query.Length > 0 ? query[0] : '*';
        switch (letter)
        {
            case 'k' or 'K' or 'd' or 'D':
                if (!ctx.Session.IsOperator)
                {
                    ctx.Reply(Numerics.ERR_NOPRIVILEGES, "Permission Denied - You're not an IRC operator");
                    return;
                }
                var kind = letter is 'k' or 'K' ? BanKind.User : BanKind.Address;
                var hub = ctx.Hub;
                foreach (var ban in hub.Bans.List(kind, hub.Time.GetUtcNow()))
                {
                    ctx.Reply(kind == BanKind.User ? RPL_STATSKLINE : RPL_STATSDLINE,
                        kind == BanKind.User ? "K" : "D", ban.Mask, ban.SetBy, ServerBanActions.Timestamp(ban.SetAt),
                        ban.ExpiresAt is { } end ? ServerBanActions.Timestamp(end) : "permanent", ban.Reason);
                }
                break;
            case 'u':
                var up = ctx.Hub.Time.GetUtcNow() - ctx.Hub.CreatedAt;
                ctx.Reply(RPL_STATSUPTIME, string.Create(CultureInfo.InvariantCulture,
                    $"Server Up {up.Days} days {up.Hours}:{up.Minutes:00}:{up.Seconds:00}"));
                break;
        }
        ctx.Reply(RPL_ENDOFSTATS, letter.ToString(), "End of /STATS report");
    }
}
