using Parley.Client.Connection;

namespace Parley.Client;

/// <summary>What `parley client` was asked to do: where to connect, as whom, and which room to enter first.</summary>
public sealed class ClientOptions
{
    /// <summary>The server to connect to.</summary>
    public ServerAddress Server { get; init; } = ServerAddress.Default;

    /// <summary>Whether to connect over UDP (Parley's datagram protocol) rather than TCP.</summary>
    public bool Udp { get; init; }

    /// <summary>TLS over the TCP connection, or null for none.</summary>
    public ClientTls? Tls { get; init; }

    /// <summary>The nick to ask for; the client falls back to NICK_, NICK1, NICK2... when it is taken.</summary>
    public required string Nick { get; init; }

    /// <summary>The account to log in to while registering (SASL PLAIN), or null to stay logged out.</summary>
    public string? Account { get; init; }

    /// <summary>The password of <see cref="Account"/>.</summary>
    public string? Password { get; init; }

    /// <summary>The room joined once registered; null to join none.</summary>
    public string? InitialRoom { get; init; } = "#lobby";

    /// <summary>The "real name" sent in USER, shown by WHOIS.</summary>
    public string RealName { get; init; } = "Parley client";

    /// <summary>How long to wait for the connection (TCP's, or the UDP handshake) before giving up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait, once input has ended, for the server to answer the last lines before quitting.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The time zone replayed history's times are shown in (the machine's own unless a test says otherwise).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>How long to wait, after QUIT, for the server to close the connection.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
