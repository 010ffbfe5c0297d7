using Parley.Protocol.Irc;
using Parley.Server.Commands.Registration;

namespace Parley.Server.Commands.Accounts;

/// <summary>IRCv3 draft/account-registration: <c>REGISTER &lt;account&gt; &lt;email|*&gt; &lt;password&gt;</c> creates an
/// account named for the current nick and logs in to it at once; <c>VERIFY</c> has nothing to complete, as Parley sends
/// no codes.</summary>
/// <remarks>Allowed before connection registration (the capability says <c>before-connect</c>), but never as a way
/// around the server password: with one configured, it must have been given (PASS) first.</remarks>
internal static class RegisterCommand
{
    public static void Register(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        var requested = ctx.Params[0];
        if (session.Nick is not { } nick)
        {
            ctx.Fail("NEED_NICK", "Send NICK first: the account is named for your nick", "*");
            return;
        }
        var account = requested == "*" ? nick : requested;
        if (!IrcCaseMapping.AreEqual(account, nick))
        {
            ctx.Fail("ACCOUNT_NAME_MUST_BE_NICK", "The account name must be your current nick", account);
            return;
        }
        var serverPassword = hub.Options.Password;
        if (!session.IsRegistered && serverPassword.Length > 0 && !RegistrationCommands.PasswordMatches(session.Password, serverPassword))
        {
            ctx.Fail("TEMPORARILY_UNAVAILABLE", "Give the server password (PASS) before registering an account", account);
            return;
        }
        var email = ctx.Params[1] == "*" ? null : ctx.Params[1];
        var password = ctx.Params[2];
        if (NewAccount.Refusal(hub, session, account, email, password) is { } refusal)
        {
            ctx.Fail(refusal.Code, refusal.Text, refusal.Code == "ALREADY_AUTHENTICATED" ? session.Account! : account);
            return;
        }
        NewAccount.Create(hub, session, nick, email, password, failure =>
        {
            if (failure is { } f)
            {
                hub.Send(session, new IrcMessage(null, hub.ServerName, "FAIL", ["REGISTER", f.Code, account, f.Text]));
                return;
            }
            hub.Send(session, new IrcMessage(null, hub.ServerName, "REGISTER", ["SUCCESS", nick, "Account created, and you are logged in to it"]));
        });
    }

    public static void Verify(CommandContext ctx)
    {
        if (ctx.Session.Account is { } account)
        {
            ctx.Fail("ALREADY_AUTHENTICATED", $"You are already logged in as {account}", account);
            return;
        }
        ctx.Fail("INVALID_CODE", "Nothing to verify: registration here completes at once, and no codes are sent", ctx.Params[0]);
    }
}
