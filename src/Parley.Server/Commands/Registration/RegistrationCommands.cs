using Parley.Protocol.Irc;
using Parley.Server.Commands.Queries;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Registration;

/// <summary>Connection registration and liveness: PASS, NICK, USER, CAP, PING, PONG, QUIT.</summary>
internal sealed class RegistrationCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("PASS", Pass, MinParams: 1, BeforeRegistration: true),
        new("NICK", Nick, BeforeRegistration: true),
        new("USER", User, MinParams: 4, BeforeRegistration: true),
        new("CAP", CapNegotiation.Handle, MinParams: 1, BeforeRegistration: true),
        new("PING", Ping, BeforeRegistration: true),
        new("PONG", _ => { }, BeforeRegistration: true),
        new("QUIT", Quit, BeforeRegistration: true),
    ];

    private static void Pass(CommandContext ctx)
    {
        if (ctx.Session.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        ctx.Session.Password = ctx.Params[0];
    }

    private static void Nick(CommandContext ctx)
    {
        var session = ctx.Session;
        var nick = ctx.Param(0);
        if (string.IsNullOrEmpty(nick))
        {
            ctx.Reply(Numerics.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        if (!IrcNames.IsValidNick(nick))
        {
            ctx.Reply(Numerics.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        if (session.Nick == nick)
        {
            return;
        }
        if (Parley.Server.Accounts.AccountService.IsServiceNick(nick))
        {
            ctx.Reply(Numerics.ERR_ERRONEUSNICKNAME, nick, "Reserved for services");
            return;
        }
        if (!ctx.Hub.TryClaimNick(nick, session))
        {
            ctx.Reply(Numerics.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }

        if (!session.IsRegistered)
        {
            session.Nick = nick;
            TryComplete(ctx);
            return;
        }

        ChangeNick(ctx.Hub, session, nick);
    }

    /// <summary>Tells a registered session and its peers that it now goes by <paramref name="nick"/>, which it has
    /// already claimed; then checks whether the new nick belongs to an account the session is not logged in to.</summary>
    internal static void ChangeNick(ChatHub hub, Session session, string nick)
    {
        var change = hub.Stamp(new IrcMessage(null, session.Mask, "NICK", [nick]), sender: session);
        hub.Whowas.Remember(session, hub.Time.GetUtcNow());
        var audience = hub.Peers(session);
        audience.Add(session);
        var oldNick = session.Nick!;
        session.Nick = nick;
        hub.SendToMany(audience, change);
        MonitorNotices.NickChanged(hub, session, oldNick);
        hub.Accounts.CheckNick(session);
    }

    private static void User(CommandContext ctx)
    {
        var session = ctx.Session;
        if (session.IsRegistered || session.UserName is not null)
        {
            ctx.Reply(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        var realName = ctx.Params[3];
        if (ctx.Params[0].Length == 0 || realName.Length == 0)
        {
            ctx.NeedMoreParams();
            return;
        }
        // A user name with nothing usable left (all non-ASCII, say) still registers, under a neutral name: refusing it
        // would leave a client that cannot choose another one stuck before 001.
        var user = SanitizeUserName(ctx.Params[0]);
        session.UserName = "~" + (user.Length == 0 ? FallbackUserName : user);
        session.RealName = Truncate(realName, ServerSupport.RealNameLength);
        TryComplete(ctx);
    }

    private static void Ping(CommandContext ctx)
    {
        var token = ctx.Param(0);
        if (string.IsNullOrEmpty(token))
        {
            ctx.Reply(Numerics.ERR_NOORIGIN, "No origin specified");
            return;
        }
        ctx.Send(new IrcMessage(null, ctx.Hub.ServerName, "PONG", [ctx.Hub.ServerName, token]));
    }

    private static void Quit(CommandContext ctx)
    {
        var text = ctx.Param(0);
        var reason = string.IsNullOrEmpty(text) ? "Quit" : "Quit: " + Truncate(text, ServerSupport.TextLength);
        ctx.Hub.CloseWithError(ctx.Session, reason);
    }

    /// <summary>Completes registration once NICK and USER arrived and CAP negotiation (if any) ended.</summary>
    internal static void TryComplete(CommandContext ctx) => TryComplete(ctx.Hub, ctx.Session);

    /// <summary>Completes registration once NICK and USER arrived, CAP negotiation (if any) ended and no password is
    /// being checked (a SASL login answers before 001; the check calls this again when it is done). A SASL exchange left
    /// waiting on the client is aborted (906), as the SASL specification says.</summary>
    internal static void TryComplete(ChatHub hub, Session session)
    {
        if (session.IsRegistered || session.Nick is null || session.UserName is null || session.IsNegotiatingCaps
            || session.IsCheckingPassword || session.IsClosing)
        {
            return;
        }
        if (session.Sasl is not null)
        {
            session.Sasl = null;
            hub.SendNumeric(session, Numerics.ERR_SASLABORTED, "SASL authentication aborted");
        }
        var required = hub.Options.Password;
        if (required.Length > 0 && !PasswordMatches(session.Password, required))
        {
            hub.SendNumeric(session, Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
            hub.CloseWithError(session, "Bad password");
            return;
        }
        if (Operator.ServerBanActions.RefuseIfBanned(hub, session))
        {
            return; // K-lined: checked here, once nick and user are known, so the whole mask can match
        }
        hub.CompleteRegistration(session);
        Welcome.Send(hub, session);
        hub.Accounts.CheckNick(session);
    }

    /// <summary>Whether <paramref name="given"/> is the server password (compared in fixed time).</summary>
    internal static bool PasswordMatches(string? given, string required) => FixedTimeEquals(given, required);

    private static bool FixedTimeEquals(string? given, string required) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(required));

    private static string SanitizeUserName(string raw)
    {
        var chars = raw.Where(c => c > ' ' && c != '@' && c != '!' && c != ':' && c < 0x7f).Take(ServerSupportUserLength).ToArray();
        return new string(chars);
    }

    private const int ServerSupportUserLength = 17; // USERLEN=18 with the '~'

    /// <summary>The user name given when the one sent has no character Parley accepts.</summary>
    private const string FallbackUserName = "user";

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
