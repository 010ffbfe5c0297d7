using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Accounts;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Accounts;

/// <summary>NickServ, the account service for clients without SASL or REGISTER: <c>/msg NickServ COMMAND args</c> (or
/// <c>/nickserv</c>, <c>/ns</c>). It answers with NOTICEs from NickServ!NickServ@services.; nobody can take its nick.</summary>
/// <remarks>Commands: REGISTER, IDENTIFY, LOGOUT, INFO (here); GHOST, REGAIN (NickServ.Nicks.cs); SET PASSWORD, CERT,
/// DROP (NickServ.Settings.cs). HELP lists them.</remarks>
internal static partial class NickServ
{
    private static readonly string[] Help =
    [
        "NickServ keeps accounts. Your account name is the nick you register; while you are logged in, that nick is yours.",
        "REGISTER <password> [email]   register your current nick as an account and log in",
        "IDENTIFY [account] <password> log in (also: clients can use SASL)",
        "LOGOUT                        log out",
        "INFO [account]                when an account was registered, whether it is online",
        "REGAIN <nick>                 take your account's nick back from whoever holds it (they become a guest)",
        "GHOST <nick>                  disconnect whoever holds your account's nick (an old connection of yours)",
        "SET PASSWORD <new password>   change your password",
        "CERT ADD [fingerprint] | CERT DEL <fingerprint> | CERT LIST   client certificates for SASL EXTERNAL",
        "DROP <password>               delete your account",
    ];

    /// <summary>A PRIVMSG to NickServ.</summary>
    public static void Handle(CommandContext ctx, string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            Reply(ctx, "Say HELP for the list of commands.");
            return;
        }
        var args = words[1..];
        switch (words[0].ToUpperInvariant())
        {
            case "HELP":
                foreach (var line in Help)
                {
                    Reply(ctx, line);
                }
                break;
            case "REGISTER":
                Register(ctx, args);
                break;
            case "IDENTIFY" or "LOGIN":
                Identify(ctx, args);
                break;
            case "LOGOUT":
                Logout(ctx);
                break;
            case "INFO":
                Info(ctx, args);
                break;
            case "GHOST":
                Ghost(ctx, args);
                break;
            case "REGAIN" or "RECOVER":
                Regain(ctx, args);
                break;
            case "SET":
                Set(ctx, args);
                break;
            case "CERT":
                Cert(ctx, args);
                break;
            case "DROP":
                Drop(ctx, args);
                break;
            default:
                Reply(ctx, $"Unknown command {words[0]}. Say HELP for the list of commands.");
                break;
        }
    }

    /// <summary>The NICKSERV and NS commands: the same as a PRIVMSG to NickServ.</summary>
    public static void FromCommand(CommandContext ctx) => Handle(ctx, string.Join(' ', ctx.Params));

    private static void Reply(CommandContext ctx, string text) => ctx.Hub.Accounts.Notice(ctx.Session, text);

    private static void Register(CommandContext ctx, string[] args)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (args.Length is < 1 or > 2)
        {
            Reply(ctx, "Usage: REGISTER <password> [email]. Your account will be named after your current nick.");
            return;
        }
        var account = session.Nick!;
        var email = args.Length == 2 ? args[1] : null;
        if (NewAccount.Refusal(hub, session, account, email, args[0]) is { } refusal)
        {
            Reply(ctx, refusal.Text + ".");
            return;
        }
        NewAccount.Create(hub, session, account, email, args[0], failure => hub.Accounts.Notice(session, failure is { } f
            ? f.Text + "."
            : $"Account {account} registered; you are logged in. Next time, log in with SASL or /msg NickServ IDENTIFY {account} <password>."));
    }

    private static void Identify(CommandContext ctx, string[] args)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (args.Length is < 1 or > 2)
        {
            Reply(ctx, "Usage: IDENTIFY [account] <password>");
            return;
        }
        var name = args.Length == 2 ? args[0] : session.Nick!;
        hub.Accounts.CheckPassword(session, name, args[^1], (result, account, wait) => hub.Accounts.Notice(session, result switch
        {
            PasswordCheck.Success => LoggedIn(hub, session, account!),
            PasswordCheck.Throttled => $"Too many failed logins: try again in {Math.Ceiling(wait.TotalSeconds)} seconds.",
            PasswordCheck.Busy => "The server is busy checking passwords: try again in a moment.",
            _ => "Invalid account or password.",
        }));
    }

    private static string LoggedIn(ChatHub hub, Session session, AccountRecord account)
    {
        hub.Accounts.LogIn(session, account.Name);
        return $"You are now logged in as {account.Name}.";
    }

    private static void Logout(CommandContext ctx)
    {
        if (ctx.Session.Account is null)
        {
            Reply(ctx, "You are not logged in.");
            return;
        }
        ctx.Hub.Accounts.LogOut(ctx.Session);
        Reply(ctx, "You are now logged out.");
    }

    private static void Info(CommandContext ctx, string[] args)
    {
        var name = args.Length > 0 ? args[0] : ctx.Session.Account ?? ctx.Session.Nick!;
        if (ctx.Hub.Accounts.Store.Find(name) is not { } account)
        {
            Reply(ctx, $"{name} is not a registered account.");
            return;
        }
        var online = ctx.Hub.Sessions.Count(s => AccountService.SameAccount(s.Account, account.Name));
        var registered = account.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        Reply(ctx, $"Account {account.Name}: registered {registered}; {(online == 0 ? "not logged in now" : $"logged in now from {online} connection(s)")}.");
        if (AccountService.SameAccount(ctx.Session.Account, account.Name) || ctx.Session.IsOperator)
        {
            Reply(ctx, $"E-mail: {account.Email ?? "none"}; client certificates: {ctx.Hub.Accounts.Store.Fingerprints(account.Name).Count}.");
        }
    }

    /// <summary>The account the sender is logged in to, or null after telling it to log in first.</summary>
    private static string? RequireLogin(CommandContext ctx)
    {
        if (ctx.Session.Account is { } account)
        {
            return account;
        }
        Reply(ctx, "Log in first: /msg NickServ IDENTIFY <account> <password>");
        return null;
    }

    private static bool SameNick(string a, string b) => IrcCaseMapping.AreEqual(a, b);
}
