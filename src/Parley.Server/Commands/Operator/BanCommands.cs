using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.Operator;

/// <summary>KLINE [duration] nick!user@host :reason, DLINE [duration] ip-or-cidr :reason, UNKLINE mask and UNDLINE mask
/// (operators only): server-wide bans that outlive restarts (see <see cref="ServerBans"/>). The answer is a server
/// notice to the operator; the other operators are told too.</summary>
internal static class BanCommands
{
    public static void KLine(CommandContext ctx) => Add(ctx, BanKind.User);

    public static void DLine(CommandContext ctx) => Add(ctx, BanKind.Address);

    public static void UnKLine(CommandContext ctx) => Remove(ctx, BanKind.User);

    public static void UnDLine(CommandContext ctx) => Remove(ctx, BanKind.Address);

    private static void Add(CommandContext ctx, BanKind kind)
    {
        TimeSpan? duration = null;
        var first = 0;
        if (ctx.Params.Count >= 2 && BanDuration.TryParse(ctx.Params[0], out duration))
        {
            first = 1;
        }
        else if (kind == BanKind.User && BanDuration.TryParse(ctx.Params[0], out _))
        {
            ctx.NeedMoreParams(); // a duration and no mask (nicks never start with a digit)
            return;
        }
        var answer = ServerBanActions.Add(ctx.Hub, kind, ctx.Params[first], duration, ctx.Param(first + 1), ctx.Session.Nick!, ctx.Session);
        ctx.Hub.SendServerNotice(ctx.Session, answer);
    }

    private static void Remove(CommandContext ctx, BanKind kind) =>
        ctx.Hub.SendServerNotice(ctx.Session, ServerBanActions.Remove(ctx.Hub, kind, ctx.Params[0], ctx.Session.Nick!, ctx.Session));
}
