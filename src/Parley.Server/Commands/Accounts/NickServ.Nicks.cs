using Parley.Server.Accounts;
using Parley.Server.Commands.Registration;

namespace Parley.Server.Commands.Accounts;

/// <summary>NickServ's nick commands: the owner of an account, logged in, takes its nick back.</summary>
internal static partial class NickServ
{
    /// <summary>GHOST &lt;nick&gt;: disconnects whoever holds the account's nick (typically the owner's own stale
    /// connection).</summary>
    private static void Ghost(CommandContext ctx, string[] args)
    {
        if (Holder(ctx, args, "GHOST") is not { } holder)
        {
            return;
        }
        var nick = holder.Nick!;
        ctx.Hub.CloseWithError(holder, $"Killed by NickServ (GHOST used by {ctx.Session.Nick})");
        Reply(ctx, $"{nick} has been disconnected.");
    }

    /// <summary>REGAIN &lt;nick&gt;: renames whoever holds the account's nick to a guest nick and gives the nick to the
    /// sender, at once.</summary>
    private static void Regain(CommandContext ctx, string[] args)
    {
        if (Holder(ctx, args, "REGAIN") is not { } holder)
        {
            return;
        }
        var nick = holder.Nick!;
        var guest = ctx.Hub.Accounts.RenameToGuest(holder);
        ctx.Hub.Accounts.Notice(holder, $"{ctx.Session.Account} took back the nick {nick}; you are now {guest}.");
        if (ctx.Hub.TryClaimNick(nick, ctx.Session))
        {
            RegistrationCommands.ChangeNick(ctx.Hub, ctx.Session, nick);
        }
    }

    /// <summary>The session holding the nick named in <paramref name="args"/>, when the sender may act on it: the nick
    /// is the account the sender is logged in to, and someone else holds it. Otherwise tells the sender why not.</summary>
    private static Hub.Session? Holder(CommandContext ctx, string[] args, string command)
    {
        if (RequireLogin(ctx) is not { } account)
        {
            return null;
        }
        var nick = args.Length == 1 ? args[0] : account;
        if (args.Length > 1)
        {
            Reply(ctx, $"Usage: {command} <nick>");
            return null;
        }
        if (!SameNick(nick, account))
        {
            Reply(ctx, $"{nick} is not your account's nick ({account}).");
            return null;
        }
        var holder = ctx.Hub.Nicks.Find(nick);
        if (holder is null || holder == ctx.Session)
        {
            Reply(ctx, holder is null ? $"Nobody is using {nick}." : $"You already are {nick}.");
            return null;
        }
        return holder;
    }
}
