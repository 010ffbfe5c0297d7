namespace Parley.Server.Hosting;

/// <summary>Every server setting, bound from the config file, PARLEY__ environment variables and the command line.</summary>
public sealed class ServerOptions
{
    /// <summary>Endpoints to listen on: HOST:PORT or tcp://HOST:PORT, udp://HOST:PORT; IPv6 hosts in brackets. Empty
    /// means 127.0.0.1:12345 over TCP and UDP.</summary>
    public List<string> Listen { get; set; } = [];

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

    /// <summary>Connection limits and timeouts.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Plain-text door timings.</summary>
    public PlainTextOptions PlainText { get; set; } = new();

    /// <summary>IRC operators: name and password for OPER.</summary>
    public List<OperatorOptions> Operators { get; set; } = [];

    /// <summary>UDP door settings.</summary>
    public UdpOptions Udp { get; set; } = new();
}

/// <summary>Limits and timeouts of connections.</summary>
public sealed class LimitOptions
{
    /// <summary>The most bytes queued for one client before it is cut off with "SendQ exceeded".</summary>
    public int SendQueueBytes { get; set; } = 256 * 1024;

    /// <summary>Seconds of silence after which the server sends PING.</summary>
    public int PingIntervalSeconds { get; set; } = 90;

    /// <summary>Seconds after an unanswered PING before the client is dropped with "Ping timeout".</summary>
    public int PingTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a connection may take to complete IRC registration.</summary>
    public int RegistrationTimeoutSeconds { get; set; } = 60;

    /// <summary>Comma-separated CIDR ranges exempt from flood control and per-IP limits (used by later limits).</summary>
    public string Exempt { get; set; } = string.Empty;
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

    /// <summary>The password given to OPER.</summary>
    public string Password { get; set; } = string.Empty;
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
