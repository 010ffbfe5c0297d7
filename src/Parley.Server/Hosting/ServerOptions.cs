namespace Parley.Server.Hosting;

/// <summary>Every server setting, bound from the config file, PARLEY__ environment variables and the command line.</summary>
public sealed class ServerOptions
{
    /// <summary>Endpoints to listen on: HOST:PORT or tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT; IPv6 hosts in brackets. Empty
    /// means 127.0.0.1:12345 over TCP and UDP.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>TLS settings for tls://HOST:PORT endpoints: the certificate (self-made when none is given).</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The server's name, the source of its numerics (irctest expects My.Little.Server).</summary>
    public string ServerName { get; set; } = "parley.local";

    /// <summary>The one-line description of the server (WHOIS 312, LINKS 364; irctest expects "test server").</summary>
    public string ServerDescription { get; set; } = "Parley chat server";

    /// <summary>The network name (ISUPPORT NETWORK).</summary>
    public string Network { get; set; } = "Parley";

    /// <summary>Message of the day, one string a line; empty for none.</summary>
    public List<string> Motd { get; set; } = ["Welcome to Parley. Say hello in #lobby; /join #name opens a room of your own."];

    /// <summary>A connection password every IRC client must give with PASS; empty for none.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Whether message lines are left out of the console log.</summary>
    public bool Quiet { get; set; }

    /// <summary>The room plain-text users are put in.</summary>
    public string DefaultRoom { get; set; } = "#lobby";

    /// <summary>Where history, accounts, bans and the self-made TLS certificate are kept (created on first start).
    /// Relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; set; } = "parley-data";

    /// <summary>What history keeps and replays.</summary>
    public HistoryOptions History { get; set; } = new();

    /// <summary>Connection limits and timeouts.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Plain-text door timings.</summary>
    public PlainTextOptions PlainText { get; set; } = new();

    /// <summary>IRC operators: name and password for OPER.</summary>
    public List<OperatorOptions> Operators { get; set; } = [];

    /// <summary>UDP door settings.</summary>
    public UdpOptions Udp { get; set; } = new();

    /// <summary>Accounts: password hashing, nick protection, limits on failed logins.</summary>
    public AccountOptions Accounts { get; set; } = new();
}

/// <summary>Limits and timeouts of connections: every number that bounds what one client (or one address) may cost the
/// server, in one place. README.md and docs/reliability.md list each with its default and why.</summary>
public sealed class LimitOptions
{
    /// <summary>The most bytes queued for one client before it is cut off with "SendQ exceeded".</summary>
    public int SendQueueBytes { get; set; } = 256 * 1024;

    /// <summary>The most bytes of one client's input read from its socket and not yet taken by the hub; past it the
    /// server stops reading that socket until the hub catches up, so TCP pushes back on the client.</summary>
    public int RecvQueueBytes { get; set; } = 32 * 1024;

    /// <summary>Seconds of silence after which the server sends PING.</summary>
    public int PingIntervalSeconds { get; set; } = 90;

    /// <summary>Seconds after an unanswered PING before the client is dropped with "Ping timeout".</summary>
    public int PingTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a connection may take to complete IRC registration.</summary>
    public int RegistrationTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a connection may keep a line open without ending it (slowloris) before it is closed with
    /// "Read timeout". 0 for no limit.</summary>
    public int PartialLineTimeoutSeconds { get; set; } = 30;

    /// <summary>The most connections the server holds at once; one more is refused with "Server is full". 0 for no
    /// limit.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>The most connections at once from one IPv4 address or one IPv6 /64. 0 for no limit.</summary>
    public int MaxConnectionsPerIp { get; set; } = 16;

    /// <summary>The most new connections a minute from one IPv4 address or one IPv6 /64 (all of them may come at once,
    /// then one every 60/N seconds). 0 for no limit.</summary>
    public int ConnectionsPerIpPerMinute { get; set; } = 30;

    /// <summary>Commands a registered client may send at once before flood control delays it.</summary>
    public int FloodBurst { get; set; } = 5;

    /// <summary>Commands a second a client may send once its burst is spent; later ones wait their turn. 0 turns flood
    /// control off.</summary>
    public double FloodCommandsPerSecond { get; set; } = 2;

    /// <summary>Commands a client may send at once before it completes registration (CAP, NICK, USER, SASL...); it
    /// starts registered life with a fresh <see cref="FloodBurst"/>.</summary>
    public int FloodRegistrationBurst { get; set; } = 20;

    /// <summary>The most commands a client may have waiting for their turn; one more ends it with "Excess Flood".</summary>
    public int FloodQueueCommands { get; set; } = 40;

    /// <summary>Comma-separated CIDR ranges (or single addresses) exempt from flood control and from the per-IP
    /// connection limits, such as "127.0.0.0/8,::1/128"; empty for none.</summary>
    public string Exempt { get; set; } = string.Empty;

    /// <summary>What is wrong with these settings, one line, or null when they can be used.</summary>
    public string? Validate()
    {
        (string Name, double Value, double Least)[] numbers =
        [
            (nameof(SendQueueBytes), SendQueueBytes, 1),
            (nameof(RecvQueueBytes), RecvQueueBytes, 1),
            (nameof(PingIntervalSeconds), PingIntervalSeconds, 1),
            (nameof(PingTimeoutSeconds), PingTimeoutSeconds, 1),
            (nameof(RegistrationTimeoutSeconds), RegistrationTimeoutSeconds, 1),
            (nameof(PartialLineTimeoutSeconds), PartialLineTimeoutSeconds, 0),
            (nameof(MaxConnections), MaxConnections, 0),
            (nameof(MaxConnectionsPerIp), MaxConnectionsPerIp, 0),
            (nameof(ConnectionsPerIpPerMinute), ConnectionsPerIpPerMinute, 0),
            (nameof(FloodBurst), FloodBurst, 1),
            (nameof(FloodCommandsPerSecond), FloodCommandsPerSecond, 0),
            (nameof(FloodRegistrationBurst), FloodRegistrationBurst, 1),
            (nameof(FloodQueueCommands), FloodQueueCommands, 0),
        ];
        foreach (var (name, value, least) in numbers)
        {
            if (!(value >= least))
            {
                return $"Limits:{name} must be at least {least} (it is {value})";
            }
        }
        return AddressRanges.TryParse(Exempt, out _, out var error) ? null : $"Limits:Exempt: {error}";
    }
}

/// <summary>Timings that decide and serve plain-text mode.</summary>
public sealed class PlainTextOptions
{
    /// <summary>Milliseconds a new connection may stay silent before it is taken for a plain-text user.</summary>
    public int SilenceMilliseconds { get; set; } = 1500;

    /// <summary>Milliseconds after which bytes without a line ending count as a complete message in plain mode.</summary>
    public int LineIdleMilliseconds { get; set; } = 250;
}

/// <summary>One IRC operator account.</summary>
public sealed class OperatorOptions
{
    /// <summary>The name given to OPER.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The password's hash, as `parley admin hash-password` prints it (pbkdf2-sha256$...); preferred.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>The password in plain text: still accepted (with a warning at start-up) so that old configs and test
    /// scripts keep working; ignored when <see cref="PasswordHash"/> is set.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>What is wrong with this account's settings, one line, or null when it can be used.</summary>
    public string? Validate() =>
        PasswordHash.Length > 0 && !Commands.Operator.OperatorPasswordHash.TryParse(PasswordHash, out _, out var error)
            ? $"Operators: {Name}: PasswordHash: {error}"
            : null;
}

/// <summary>Settings of the UDP door (docs/udp-protocol.md).</summary>
public sealed class UdpOptions
{
    /// <summary>Seconds without any datagram after which a plain-text (<c>nc -u</c>) session ends: UDP has no end of
    /// connection, so silence is the only sign a plain user has gone.</summary>
    public int PlainIdleTimeoutSeconds { get; set; } = 600;

    /// <summary>Seconds without a valid datagram after which a session of Parley's protocol ends. The protocol says 30
    /// (clients keep alive every 10 s); the server's own keepalive runs at a third of this, so a lower value (for tests)
    /// still keeps live sessions open.</summary>
    public int SessionIdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Minutes between rotations of the secret key that signs retry cookies and plain-text codes.</summary>
    public int KeyRotationMinutes { get; set; } = 60;
}

/// <summary>Settings of accounts (REGISTER, SASL, NickServ). README.md's "Accounts and nicks" explains them.</summary>
public sealed class AccountOptions
{
    /// <summary>PBKDF2-SHA256 iterations for a new or changed password. The `parley server` command refuses fewer than
    /// 600,000; only tests that build a server in-process may set a small number to run fast. An account keeps the count
    /// it was hashed with, so raising this later affects only passwords set afterwards.</summary>
    public int HashIterations { get; set; } = Parley.Server.Accounts.AccountLimits.MinProductionIterations;

    /// <summary>The shortest password REGISTER and NickServ accept, in characters.</summary>
    public int MinPasswordLength { get; set; } = 8;

    /// <summary>Seconds someone who is not logged in may keep a registered nick before being renamed to a guest nick.</summary>
    public int NickGraceSeconds { get; set; } = 60;

    /// <summary>Failed logins allowed, per account and per IP address, before each further try must wait (1 s, then
    /// doubling up to <see cref="MaxFailureDelaySeconds"/>).</summary>
    public int FailuresBeforeDelay { get; set; } = 5;

    /// <summary>The longest wait imposed after repeated failed logins.</summary>
    public int MaxFailureDelaySeconds { get; set; } = 900;

    /// <summary>What is wrong with these settings, one line, or null when they can be used. With
    /// <paramref name="production"/>, fewer than 600,000 hash iterations are refused.</summary>
    public string? Validate(bool production)
    {
        var leastIterations = production ? Parley.Server.Accounts.AccountLimits.MinProductionIterations : 1;
        (string Name, int Value, int Least)[] numbers =
        [
            (nameof(HashIterations), HashIterations, leastIterations),
            (nameof(MinPasswordLength), MinPasswordLength, 1),
            (nameof(NickGraceSeconds), NickGraceSeconds, 0),
            (nameof(FailuresBeforeDelay), FailuresBeforeDelay, 1),
            (nameof(MaxFailureDelaySeconds), MaxFailureDelaySeconds, 1),
        ];
        foreach (var (name, value, least) in numbers)
        {
            if (value < least)
            {
                return $"Accounts:{name} must be at least {least} (it is {value})";
            }
        }
        return null;
    }
}

/// <summary>History settings: what is kept in the data directory's database and what clients are shown of it.</summary>
public sealed class HistoryOptions
{
    /// <summary>Whether relayed messages are kept (and offered through chathistory and on join).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Normal: a message survives the server being killed (the default). Full: it also survives a power cut,
    /// at the cost of one fsync per hub batch.</summary>
    public Storage.SynchronousMode Synchronous { get; set; } = Storage.SynchronousMode.Normal;

    /// <summary>The most messages one CHATHISTORY command returns (ISUPPORT CHATHISTORY); a client asking for more gets
    /// this many.</summary>
    public int MaxQueryLines { get; set; } = 1000;

    /// <summary>How many of a room's latest messages a client without draft/chathistory is shown when it joins; 0 turns
    /// replay off (a room turns it off for itself with mode +Q).</summary>
    public int ReplayLines { get; set; } = 20;

    /// <summary>Only messages younger than this many minutes are replayed on join; 0 for any age.</summary>
    public int ReplayMaxAgeMinutes { get; set; } = 24 * 60;

    /// <summary>Messages older than this many days are deleted; 0 keeps them for any age.</summary>
    public int MaxAgeDays { get; set; }

    /// <summary>The most messages kept per room or private conversation (older ones are deleted); 0 for no limit.</summary>
    public int MaxMessagesPerTarget { get; set; } = 10_000;

    /// <summary>What is wrong with these settings, one line, or null when they can be used.</summary>
    public string? Validate()
    {
        (string Name, int Value, int Least)[] numbers =
        [
            (nameof(MaxQueryLines), MaxQueryLines, 1),
            (nameof(ReplayLines), ReplayLines, 0),
            (nameof(ReplayMaxAgeMinutes), ReplayMaxAgeMinutes, 0),
            (nameof(MaxAgeDays), MaxAgeDays, 0),
            (nameof(MaxMessagesPerTarget), MaxMessagesPerTarget, 0),
        ];
        foreach (var (name, value, least) in numbers)
        {
            if (value < least)
            {
                return $"History:{name} must be at least {least} (it is {value})";
            }
        }
        return null;
    }
}
