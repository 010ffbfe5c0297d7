using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Accounts;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Accounts;

/// <summary>Creating an account, shared by REGISTER and NickServ REGISTER: the checks (with the IRCv3
/// account-registration failure codes), then the hashing off the hub's thread, the insert and the login.</summary>
internal static class NewAccount
{
    /// <summary>Why <paramref name="session"/> may not register <paramref name="account"/> now, as a failure code and a
    /// sentence; null when it may.</summary>
    public static (string Code, string Text)? Refusal(ChatHub hub, Session session, string account, string? email, string password)
    {
        var options = hub.Options.Accounts;
        if (session.Account is not null)
        {
            return ("ALREADY_AUTHENTICATED", $"You are already logged in as {session.Account}");
        }
        if (AccountService.IsServiceNick(account) || !IrcNames.IsValidNick(account))
        {
            return ("BAD_ACCOUNT_NAME", "That name cannot be an account: it must be a valid nick and not a service's");
        }
        if (email is not null && !LooksLikeEmail(email))
        {
            return ("INVALID_EMAIL", "That is not an e-mail address (or give * for none)");
        }
        if (password.Length < options.MinPasswordLength)
        {
            return ("WEAK_PASSWORD", $"Passwords must have at least {options.MinPasswordLength} characters");
        }
        if (Encoding.UTF8.GetByteCount(password) > AccountLimits.MaxPasswordBytes || password.Any(char.IsControl))
        {
            return ("UNACCEPTABLE_PASSWORD", $"Passwords may have at most {AccountLimits.MaxPasswordBytes} bytes and no control characters");
        }
        if (hub.Accounts.Store.Find(account) is not null)
        {
            return ("ACCOUNT_EXISTS", "An account of that name already exists");
        }
        return null;
    }

    /// <summary>Hashes the password off the hub's thread, then stores the account and logs the session in to it;
    /// <paramref name="done"/> gets null on success or the failure code and sentence.</summary>
    public static void Create(ChatHub hub, Session session, string account, string? email, string password, Action<(string Code, string Text)?> done)
    {
        hub.Accounts.CreateCredentials(session, password, credentials =>
        {
            if (credentials is null)
            {
                done(("TEMPORARILY_UNAVAILABLE", "The server is busy checking passwords: try again in a moment"));
                return;
            }
            if (session.Account is not null)
            {
                done(("ALREADY_AUTHENTICATED", $"You are already logged in as {session.Account}"));
                return;
            }
            if (!hub.Accounts.Store.TryCreate(new AccountRecord(account, email, credentials, hub.Time.GetUtcNow())))
            {
                done(("ACCOUNT_EXISTS", "An account of that name already exists"));
                return;
            }
            hub.Accounts.LogIn(session, account);
            done(null);
        });
    }

    /// <summary>A light check (something@something.something, no spaces): no mail is ever sent, so it only catches typos
    /// such as a password given in the e-mail's place.</summary>
    private static bool LooksLikeEmail(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.')
            && text.Length <= 254 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }
}
