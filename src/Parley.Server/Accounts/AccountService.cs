using System.Security.Cryptography;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Registration;
using Parley.Server.Doors;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Accounts;

/// <summary>Accounts as the hub sees them: checking passwords off the hub's thread, logging sessions in and out (with
/// 900/901 and account-notify), limiting failed logins, and protecting registered nicks.</summary>
/// <remarks>Runs on the hub's thread like the rest of the hub. Password hashing is the one slow thing here: it runs on
/// the thread pool (<see cref="RunOffHub"/>) and its result comes back through <see cref="ChatHub.Post"/>; meanwhile the
/// session is marked <see cref="Session.IsCheckingPassword"/>: the hub holds its further lines (and so its registration)
/// until the answer is out, so replies keep the order of the commands, and a session hashes one password at a time.</remarks>
public sealed class AccountService
{
    /// <summary>The services nick nobody may take; messages to it are NickServ commands.</summary>
    public const string ServiceNick = "NickServ";

    /// <summary>The source of NickServ's notices.</summary>
    public const string ServiceMask = "NickServ!NickServ@services.";

    /// <summary>The most password hashings running at once, server-wide; more are refused as "busy" rather than queued,
    /// so a crowd of logins cannot pile up CPU work without bound.</summary>
    public const int MaxHashingsInFlight = 16;

    private readonly ChatHub _hub;
    private readonly FailureLedger _failures;
    private readonly byte[] _decoySecret = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<Session, (string Nick, DateTimeOffset Deadline)> _nickDeadlines = [];
    private int _inFlight;

    /// <summary>Creates the hub's account service.</summary>
    public AccountService(ChatHub hub)
    {
        _hub = hub;
        var options = hub.Options.Accounts;
        _failures = new FailureLedger(options.FailuresBeforeDelay, TimeSpan.FromSeconds(options.MaxFailureDelaySeconds));
    }

    /// <summary>How slow work (password hashing) leaves the hub's thread. The thread pool by default; tests that drive
    /// the hub by hand run it inline.</summary>
    public Action<Action> RunOffHub { get; set; } = static work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);

    /// <summary>The account store.</summary>
    public IAccountStore Store => _hub.Storage.Accounts;

    /// <summary>Sessions that hold a registered nick without being logged in to it, and when they will be renamed.</summary>
    public int PendingRenames => _nickDeadlines.Count;

    /// <summary>Whether <paramref name="nick"/> is a services nick (any case).</summary>
    public static bool IsServiceNick(string nick) => IrcCaseMapping.AreEqual(nick, ServiceNick);

    /// <summary>Whether two account names are the same account.</summary>
    public static bool SameAccount(string? a, string? b) => a is not null && b is not null && IrcCaseMapping.AreEqual(a, b);

    /// <summary>Sends a NOTICE from NickServ.</summary>
    public void Notice(Session to, string text) =>
        _hub.Send(to, new IrcMessage(null, ServiceMask, "NOTICE", [to.NickOrStar, text]));

    /// <summary>How long a login to <paramref name="name"/> from <paramref name="session"/> must still wait after
    /// earlier failures (per account and per address group); zero when it may go ahead.</summary>
    public TimeSpan LoginWait(Session session, string name)
    {
        var now = _hub.Time.GetUtcNow();
        var wait = _failures.WaitBefore(AccountKey(name), now);
        if (AddressKey(session) is { } address)
        {
            var byAddress = _failures.WaitBefore(address, now);
            wait = byAddress > wait ? byAddress : wait;
        }
        return wait;
    }

    /// <summary>Notes a failed login (a wrong password or proof), against the account name and the address.</summary>
    public void LoginFailed(Session session, string name)
    {
        var now = _hub.Time.GetUtcNow();
        _failures.Fail(AccountKey(name), now);
        if (AddressKey(session) is { } address)
        {
            _failures.Fail(address, now);
        }
    }

    /// <summary>Notes a successful login: the account's failures are forgiven (the address's are not: one right
    /// password does not license guessing others).</summary>
    public void LoginSucceeded(string name) => _failures.Succeed(AccountKey(name));

    /// <summary>The credentials SCRAM runs on for <paramref name="name"/>: the account's, or, when there is no such account,
    /// decoys with a salt that is stable per name and the configured iteration count, so a missing account answers like
    /// an existing one and then fails.</summary>
    public PasswordCredentials ScramCredentials(string name, out AccountRecord? account)
    {
        account = Store.Find(name);
        return account?.Credentials ?? Decoy(name);
    }

    /// <summary>Checks <paramref name="password"/> for the account <paramref name="name"/> off the hub's thread, then
    /// calls <paramref name="done"/> on the hub's thread (unless the session left meanwhile). A missing account costs the
    /// same derivation (against a decoy salt) and gives the same <see cref="PasswordCheck.Failed"/> as a wrong password.</summary>
    public void CheckPassword(Session session, string name, string password, Action<PasswordCheck, AccountRecord?, TimeSpan> done)
    {
        var wait = LoginWait(session, name);
        if (wait > TimeSpan.Zero)
        {
            done(PasswordCheck.Throttled, null, wait);
            return;
        }
        if (session.IsCheckingPassword || _inFlight >= MaxHashingsInFlight)
        {
            done(PasswordCheck.Busy, null, TimeSpan.Zero);
            return;
        }
        var account = Store.Find(name);
        var credentials = account?.Credentials ?? Decoy(name);
        var tooLong = Encoding.UTF8.GetByteCount(password) > AccountLimits.MaxPasswordBytes;
        OffHub(session, () => !tooLong && credentials.Matches(password), matched =>
        {
            // The account may have been dropped, or its password changed, while the hash ran.
            var current = account is null ? null : Store.Find(account.Name);
            var ok = matched && current is not null && CryptographicOperations.FixedTimeEquals(current.Credentials.StoredKey, credentials.StoredKey);
            if (ok)
            {
                LoginSucceeded(name);
                done(PasswordCheck.Success, current, TimeSpan.Zero);
            }
            else
            {
                LoginFailed(session, name);
                done(PasswordCheck.Failed, null, TimeSpan.Zero);
            }
        });
    }

    /// <summary>Derives credentials for a new password off the hub's thread, then calls <paramref name="done"/> on the
    /// hub's thread with them, or with null at once when the session or the server is busy hashing.</summary>
    public void CreateCredentials(Session session, string password, Action<PasswordCredentials?> done)
    {
        if (session.IsCheckingPassword || _inFlight >= MaxHashingsInFlight)
        {
            done(null);
            return;
        }
        var iterations = _hub.Options.Accounts.HashIterations;
        OffHub(session, () => PasswordCredentials.Create(password, iterations), done);
    }

    /// <summary>Logs <paramref name="session"/> in to <paramref name="account"/>: 900 to it, ACCOUNT to those who share a
    /// room with it and asked for account-notify (itself included), and a fresh look at whether its nick is protected.</summary>
    public void LogIn(Session session, string account)
    {
        var changed = !string.Equals(session.Account, account, StringComparison.Ordinal);
        session.Account = account;
        _hub.SendNumeric(session, Numerics.RPL_LOGGEDIN, FullMask(session), account, $"You are now logged in as {account}");
        if (changed)
        {
            AnnounceAccount(session, account);
        }
        CheckNick(session);
    }

    /// <summary>Logs <paramref name="session"/> out of its account (901, ACCOUNT *); its nick may then be protected
    /// against it.</summary>
    public void LogOut(Session session)
    {
        if (session.Account is null)
        {
            return;
        }
        session.Account = null;
        _hub.SendNumeric(session, Numerics.RPL_LOGGEDOUT, FullMask(session), "You are now logged out");
        AnnounceAccount(session, "*");
        CheckNick(session);
    }

    /// <summary>Nick protection: when a registered session holds a nick that is an account it is not logged in to, NickServ
    /// tells it at once and it is renamed to a guest nick after the grace period, unless it logs in or changes nick first.</summary>
    public void CheckNick(Session session)
    {
        if (!session.IsRegistered || session.IsClosing || session.Nick is not { } nick)
        {
            return;
        }
        var owner = Store.Find(nick);
        if (owner is null || SameAccount(session.Account, owner.Name))
        {
            _nickDeadlines.Remove(session);
            return;
        }
        if (_nickDeadlines.TryGetValue(session, out var pending) && IrcCaseMapping.AreEqual(pending.Nick, nick))
        {
            return; // already told
        }
        var grace = _hub.Options.Accounts.NickGraceSeconds;
        _nickDeadlines[session] = (nick, _hub.Time.GetUtcNow().AddSeconds(grace));
        Notice(session, $"{nick} is a registered account's nick. If it is yours, log in within {grace} seconds " +
            $"(/msg NickServ IDENTIFY {owner.Name} <password>); otherwise please choose another nick, or you will be renamed to a guest nick.");
        if (grace == 0)
        {
            Enforce(session, nick);
        }
    }

    /// <summary>Renames those whose grace period on a registered nick ran out (called from the hub's tick).</summary>
    public void Tick(DateTimeOffset now)
    {
        if (_nickDeadlines.Count == 0)
        {
            return;
        }
        foreach (var (session, (nick, deadline)) in _nickDeadlines.ToList())
        {
            if (deadline <= now)
            {
                Enforce(session, nick);
            }
        }
    }

    /// <summary>Renames <paramref name="session"/> to a free guest nick (GuestNNNNN), telling it and its peers.</summary>
    public string RenameToGuest(Session session)
    {
        _nickDeadlines.Remove(session);
        for (var attempt = 0; ; attempt++)
        {
            var guest = attempt < 20 ? $"Guest{RandomNumberGenerator.GetInt32(10_000, 100_000)}" : $"Guest{session.Id}";
            if (_hub.Nicks.Find(guest) is null && _hub.TryClaimNick(guest, session))
            {
                RegistrationCommands.ChangeNick(_hub, session, guest);
                return guest;
            }
        }
    }

    private void Enforce(Session session, string nick)
    {
        _nickDeadlines.Remove(session);
        if (session.IsClosing || session.Nick is null || !IrcCaseMapping.AreEqual(session.Nick, nick))
        {
            return;
        }
        var owner = Store.Find(nick);
        if (owner is null || SameAccount(session.Account, owner.Name))
        {
            return;
        }
        var guest = RenameToGuest(session);
        Notice(session, $"You were not logged in to the account {owner.Name}, so you are now {guest}.");
    }

    private void AnnounceAccount(Session session, string account)
    {
        if (!session.IsRegistered)
        {
            return; // nobody has seen this session yet; they will see the account on its JOINs
        }
        var message = new IrcMessage(null, session.Mask, "ACCOUNT", [account]);
        var audience = _hub.Observers(session);
        audience.Add(session);
        audience.RemoveWhere(s => !s.Has(Capability.AccountNotify));
        _hub.SendToMany(audience, message);
    }

    /// <summary>Runs <paramref name="work"/> off the hub's thread with the session marked busy, then
    /// <paramref name="then"/> back on it; registration that waited for the answer then resumes.</summary>
    private void OffHub<T>(Session session, Func<T> work, Action<T> then)
    {
        session.IsCheckingPassword = true;
        _inFlight++;
        var post = _hub.Post ?? (w => w(_hub));
        RunOffHub(() =>
        {
            var result = work();
            post(hub =>
            {
                _inFlight--;
                session.IsCheckingPassword = false;
                if (session.IsClosing)
                {
                    return;
                }
                then(result);
                RegistrationCommands.TryComplete(hub, session);
                hub.ReleaseHeld(session);
            });
        });
    }

    private PasswordCredentials Decoy(string name)
    {
        var seed = HMACSHA256.HashData(_decoySecret, Encoding.UTF8.GetBytes(IrcCaseMapping.Fold(name)));
        var stored = HMACSHA256.HashData(seed, "stored"u8);
        var server = HMACSHA256.HashData(seed, "server"u8);
        return new PasswordCredentials(seed[..PasswordCredentials.SaltBytes], _hub.Options.Accounts.HashIterations, stored, server);
    }

    private static string FullMask(Session session) => $"{session.NickOrStar}!{session.UserName ?? "*"}@{session.Host}";

    private static string AccountKey(string name) => "account:" + IrcCaseMapping.Fold(name);

    private static string? AddressKey(Session session) =>
        session.Flood.Exempt || session.Transport.Address is not { } address ? null : "address:" + AdmissionControl.GroupOf(address);
}

/// <summary>The answer to a password check.</summary>
public enum PasswordCheck
{
    /// <summary>The password is the account's.</summary>
    Success,

    /// <summary>Wrong password, or no such account (the two are not told apart).</summary>
    Failed,

    /// <summary>Too many recent failures for this account or address: try again later.</summary>
    Throttled,

    /// <summary>The session already has a check running, or the server is at its limit of hashings in flight.</summary>
    Busy,
}
