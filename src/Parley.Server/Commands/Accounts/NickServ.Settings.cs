using Parley.Server.Accounts;

namespace Parley.Server.Commands.Accounts;

/// <summary>NickServ's commands that change an account: SET PASSWORD, CERT, DROP.</summary>
internal static partial class NickServ
{
    private static void Set(CommandContext ctx, string[] args)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (args.Length != 2 || !args[0].Equals("PASSWORD", StringComparison.OrdinalIgnoreCase))
        {
            Reply(ctx, "Usage: SET PASSWORD <new password>");
            return;
        }
        if (RequireLogin(ctx) is not { } account)
        {
            return;
        }
        var password = args[1];
        if (password.Length < hub.Options.Accounts.MinPasswordLength
            || System.Text.Encoding.UTF8.GetByteCount(password) > AccountLimits.MaxPasswordBytes)
        {
            Reply(ctx, $"Passwords must have {hub.Options.Accounts.MinPasswordLength} to {AccountLimits.MaxPasswordBytes} characters.");
            return;
        }
        hub.Accounts.CreateCredentials(session, password, credentials => hub.Accounts.Notice(session,
            credentials is null ? "The server is busy checking passwords: try again in a moment."
            : hub.Accounts.Store.UpdateCredentials(account, credentials) ? "Password changed."
            : $"The account {account} no longer exists."));
    }

    /// <summary>CERT ADD [fingerprint] (default: the certificate of this connection), CERT DEL &lt;fingerprint&gt;, CERT
    /// LIST: the client certificates that log in to the account by SASL EXTERNAL.</summary>
    private static void Cert(CommandContext ctx, string[] args)
    {
        if (RequireLogin(ctx) is not { } account)
        {
            return;
        }
        var store = ctx.Hub.Accounts.Store;
        var sub = args.Length > 0 ? args[0].ToUpperInvariant() : string.Empty;
        var given = args.Length > 1 ? Normalize(args[1]) : null;
        switch (sub)
        {
            case "LIST":
                var list = store.Fingerprints(account);
                Reply(ctx, list.Count == 0 ? "No client certificates on your account." : $"Client certificates of {account}:");
                foreach (var fingerprint in list)
                {
                    Reply(ctx, fingerprint);
                }
                break;
            case "ADD":
                var toAdd = given ?? ctx.Session.Transport.ClientCertificateFingerprint;
                if (toAdd is null || !IsFingerprint(toAdd))
                {
                    Reply(ctx, toAdd is null
                        ? "You did not connect with a client certificate; give its SHA-256 fingerprint: CERT ADD <fingerprint>"
                        : "A fingerprint is 64 hexadecimal digits (SHA-256).");
                    return;
                }
                Reply(ctx, store.AddFingerprint(account, toAdd)
                    ? $"Added {toAdd}: connecting with that certificate logs you in (SASL EXTERNAL)."
                    : "That certificate is already on an account.");
                break;
            case "DEL":
                if (given is null)
                {
                    Reply(ctx, "Usage: CERT DEL <fingerprint>");
                    return;
                }
                Reply(ctx, store.RemoveFingerprint(account, given) ? $"Removed {given}." : "That certificate is not on your account.");
                break;
            default:
                Reply(ctx, "Usage: CERT ADD [fingerprint] | CERT DEL <fingerprint> | CERT LIST");
                break;
        }
    }

    /// <summary>DROP &lt;password&gt;: deletes the account the sender is logged in to, after checking the password once
    /// more; everyone logged in to it is logged out, and its nick is free.</summary>
    private static void Drop(CommandContext ctx, string[] args)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        if (RequireLogin(ctx) is not { } account)
        {
            return;
        }
        if (args.Length != 1)
        {
            Reply(ctx, $"Usage: DROP <password>. This deletes the account {account} for good.");
            return;
        }
        hub.Accounts.CheckPassword(session, account, args[0], (result, _, _) =>
        {
            if (result != PasswordCheck.Success)
            {
                hub.Accounts.Notice(session, "Invalid password; the account was not dropped.");
                return;
            }
            hub.Accounts.Store.Delete(account);
            foreach (var member in hub.Sessions.Where(s => AccountService.SameAccount(s.Account, account)).ToList())
            {
                hub.Accounts.LogOut(member);
            }
            hub.Accounts.Notice(session, $"The account {account} is dropped; its nick is free.");
        });
    }

    private static string Normalize(string fingerprint) => fingerprint.Replace(":", string.Empty).ToLowerInvariant();

    private static bool IsFingerprint(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);
}
