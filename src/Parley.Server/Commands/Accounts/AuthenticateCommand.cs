using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Accounts;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Accounts;

/// <summary>SASL over IRC (IRCv3 sasl-3.1/3.2): <c>AUTHENTICATE &lt;mechanism&gt;</c>, then base64 responses in chunks of
/// at most 400 bytes (a chunk of exactly 400 means more follow; "+" alone is an empty chunk), "*" to abort. Mechanisms:
/// PLAIN, SCRAM-SHA-256 and EXTERNAL (a client certificate added with NickServ CERT ADD).</summary>
/// <remarks>Allowed again after registration, to log in to another account (sasl-3.2 re-authentication). PLAIN's
/// password check runs off the hub's thread; registration waits for it, so 900/903 come before 001.</remarks>
internal static class AuthenticateCommand
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var argument = ctx.Params[0];
        if (!session.Has(Capability.Sasl))
        {
            ctx.Reply(Numerics.ERR_SASLFAIL, "SASL authentication failed: request the sasl capability first");
            return;
        }
        if (session.IsCheckingPassword)
        {
            ctx.Reply(Numerics.ERR_SASLFAIL, "SASL authentication failed: a password check is still running");
            return;
        }
        if (session.Sasl is not { } exchange)
        {
            Start(ctx, argument);
            return;
        }
        if (argument == "*")
        {
            session.Sasl = null;
            ctx.Reply(Numerics.ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        if (argument.Length > AccountLimits.ChunkBytes)
        {
            session.Sasl = null;
            ctx.Reply(Numerics.ERR_SASLTOOLONG, "SASL message too long");
            return;
        }
        if (argument != "+")
        {
            exchange.Response.Append(argument);
            if (exchange.Response.Length > AccountLimits.MaxResponseBytes)
            {
                Fail(ctx.Hub, session, "response too long");
                return;
            }
        }
        if (argument.Length == AccountLimits.ChunkBytes)
        {
            return; // more chunks follow
        }
        var text = exchange.Response.ToString();
        exchange.Response.Clear();
        var response = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, response, out var length))
        {
            Fail(ctx.Hub, session, "the response is not valid base64");
            return;
        }
        exchange.Step++;
        Respond(ctx.Hub, session, exchange, response[..length]);
    }

    private static void Start(CommandContext ctx, string mechanism)
    {
        mechanism = mechanism.ToUpperInvariant();
        if (mechanism is not ("PLAIN" or "SCRAM-SHA-256" or "EXTERNAL"))
        {
            ctx.Reply(Numerics.RPL_SASLMECHS, AccountLimits.SaslMechanisms, "are available SASL mechanisms");
            ctx.Reply(Numerics.ERR_SASLFAIL, "SASL authentication failed: unknown mechanism");
            return;
        }
        ctx.Session.Sasl = new SaslSession(mechanism);
        ctx.Send(new IrcMessage(null, null, "AUTHENTICATE", ["+"]));
    }

    private static void Respond(ChatHub hub, Session session, SaslSession exchange, byte[] response)
    {
        switch (exchange.Mechanism)
        {
            case "PLAIN":
                Plain(hub, session, response);
                break;
            case "EXTERNAL":
                External(hub, session, response);
                break;
            default:
                Scram(hub, session, exchange, response);
                break;
        }
    }

    private static void Plain(ChatHub hub, Session session, byte[] response)
    {
        if (SaslPlain.Parse(response) is not { } plain)
        {
            Fail(hub, session, "malformed PLAIN response");
            return;
        }
        if (plain.AuthorizationId is { } authzid && !AccountService.SameAccount(authzid, plain.User))
        {
            Fail(hub, session, "you may only log in as yourself");
            return;
        }
        hub.Accounts.CheckPassword(session, plain.User, plain.Password, (result, account, wait) =>
        {
            switch (result)
            {
                case PasswordCheck.Success:
                    Succeed(hub, session, account!.Name);
                    break;
                case PasswordCheck.Throttled:
                    Fail(hub, session, $"too many failed logins: try again in {Math.Ceiling(wait.TotalSeconds)} seconds");
                    break;
                case PasswordCheck.Busy:
                    Fail(hub, session, "the server is busy checking passwords: try again in a moment");
                    break;
                default:
                    Fail(hub, session, "invalid account or password");
                    break;
            }
        });
    }

    private static void External(ChatHub hub, Session session, byte[] response)
    {
        var authzid = Encoding.UTF8.GetString(response);
        if (session.Transport.ClientCertificateFingerprint is not { } fingerprint)
        {
            Fail(hub, session, "no client certificate was presented (connect over TLS with one)");
            return;
        }
        if (hub.Accounts.Store.FindByFingerprint(fingerprint) is not { } account)
        {
            Fail(hub, session, "this client certificate is not on any account (NickServ CERT ADD)");
            return;
        }
        if (authzid.Length > 0 && !AccountService.SameAccount(authzid, account))
        {
            Fail(hub, session, "this client certificate belongs to another account");
            return;
        }
        Succeed(hub, session, account);
    }

    private static void Scram(ChatHub hub, Session session, SaslSession exchange, byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        switch (exchange.Step)
        {
            case 1:
                var scram = new ScramExchange(ScramExchange.NewNonce());
                if (!scram.ReadClientFirst(text))
                {
                    Fail(hub, session, "malformed SCRAM client-first message (channel binding is not offered)");
                    return;
                }
                if (scram.AuthorizationId is { } authzid && !AccountService.SameAccount(authzid, scram.User))
                {
                    Fail(hub, session, "you may only log in as yourself");
                    return;
                }
                var wait = hub.Accounts.LoginWait(session, scram.User);
                if (wait > TimeSpan.Zero)
                {
                    Fail(hub, session, $"too many failed logins: try again in {Math.Ceiling(wait.TotalSeconds)} seconds");
                    return;
                }
                var credentials = hub.Accounts.ScramCredentials(scram.User, out var account);
                exchange.Scram = scram;
                exchange.Account = account;
                SendPayload(hub, session, scram.ServerFirst(credentials));
                break;
            case 2:
                var serverFinal = exchange.Scram!.ReadClientFinal(text);
                if (serverFinal is null || exchange.Account is null)
                {
                    hub.Accounts.LoginFailed(session, exchange.Scram.User);
                    Fail(hub, session, "invalid account or password");
                    return;
                }
                SendPayload(hub, session, serverFinal);
                break;
            default:
                // The client acknowledged the server's signature; the account may have been dropped meanwhile.
                if (response.Length != 0 || hub.Accounts.Store.Find(exchange.Account!.Name) is not { } current)
                {
                    Fail(hub, session, "unexpected SCRAM message");
                    return;
                }
                hub.Accounts.LoginSucceeded(current.Name);
                Succeed(hub, session, current.Name);
                break;
        }
    }

    /// <summary>Sends a server challenge as AUTHENTICATE lines of at most 400 base64 bytes (and "+" after a last chunk
    /// of exactly 400).</summary>
    private static void SendPayload(ChatHub hub, Session session, string payload)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        var offset = 0;
        do
        {
            var chunk = encoded.Substring(offset, Math.Min(AccountLimits.ChunkBytes, encoded.Length - offset));
            hub.Send(session, new IrcMessage(null, null, "AUTHENTICATE", [chunk.Length == 0 ? "+" : chunk]));
            offset += chunk.Length;
            if (offset == encoded.Length && chunk.Length == AccountLimits.ChunkBytes)
            {
                hub.Send(session, new IrcMessage(null, null, "AUTHENTICATE", ["+"]));
            }
        }
        while (offset < encoded.Length);
    }

    private static void Succeed(ChatHub hub, Session session, string account)
    {
        session.Sasl = null;
        hub.Accounts.LogIn(session, account);
        hub.SendNumeric(session, Numerics.RPL_SASLSUCCESS, "SASL authentication successful");
    }

    /// <summary>Ends the exchange with 904; the reason is the same whether the account exists or not.</summary>
    private static void Fail(ChatHub hub, Session session, string reason)
    {
        session.Sasl = null;
        hub.SendNumeric(session, Numerics.ERR_SASLFAIL, $"SASL authentication failed: {reason}");
    }
}
