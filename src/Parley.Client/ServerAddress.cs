using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Parley.Client;

/// <summary>Where the client connects: a host name or IP address and a TCP port, parsed from "host[:port]".</summary>
public sealed record ServerAddress(string Host, int Port)
{
    /// <summary>The port of the classic exercise, used when none is given.</summary>
    public const int DefaultPort = 12345;

    /// <summary>127.0.0.1:12345, where `parley server` listens by default.</summary>
    public static ServerAddress Default { get; } = new("127.0.0.1", DefaultPort);

    /// <summary>Parses "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address, with <paramref name="defaultPort"/>
    /// when none is given; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ServerAddress? address, [NotNullWhen(false)] out string? error,
        int defaultPort = DefaultPort)
    {
        address = null;
        var rest = (text ?? string.Empty).Trim();
        if (rest.Length == 0)
        {
            address = Default with { Port = defaultPort };
            error = null;
            return true;
        }

        string host;
        string? port = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || (close + 1 < rest.Length && rest[close + 1] != ':'))
            {
                error = $"'{text}' is not [IPV6] or [IPV6]:PORT";
                return false;
            }
            host = rest[1..close];
            if (close + 1 < rest.Length)
            {
                port = rest[(close + 2)..];
            }
        }
        else if (rest.IndexOf(':') != rest.LastIndexOf(':'))
        {
            host = rest; // a bare IPv6 address: with several colons, none of them can be the port separator
        }
        else
        {
            var colon = rest.IndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            port = colon < 0 ? null : rest[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            host = Default.Host;
        }
        if (host.Any(char.IsWhiteSpace))
        {
            error = $"'{host}' is not a host name or address";
            return false;
        }
        var number = defaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            error = $"'{port}' is not a port number (1-65535)";
            return false;
        }
        address = new ServerAddress(host, number);
        error = null;
        return true;
    }

    /// <summary>host:port, with an IPv6 address in brackets.</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
