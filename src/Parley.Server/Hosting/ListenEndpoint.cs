using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Parley.Server.Hosting;

/// <summary>The transport a listen endpoint serves.</summary>
public enum ListenScheme
{
    /// <summary>TCP: IRC and plain text.</summary>
    Tcp,

    /// <summary>UDP: Parley's datagram protocol (docs/udp-protocol.md) and plain text from <c>nc -u</c>.</summary>
    Udp,

    /// <summary>TLS over TCP: IRC only (clients that speak TLS are IRC clients).</summary>
    Tls,
}

/// <summary>One place to listen: scheme, address and port, parsed from "HOST:PORT", "tcp://HOST:PORT",
/// "udp://HOST:PORT" or "tls://HOST:PORT". Without a scheme an endpoint is TCP.</summary>
public sealed record ListenEndpoint(ListenScheme Scheme, IPEndPoint EndPoint)
{
    /// <summary>The default TCP endpoint of the classic exercise.</summary>
    public static ListenEndpoint Default { get; } = new(ListenScheme.Tcp, new IPEndPoint(IPAddress.Loopback, 12345));

    /// <summary>Where a server listens when no endpoint is configured: 127.0.0.1:12345 over TCP and over UDP.</summary>
    public static IReadOnlyList<ListenEndpoint> Defaults { get; } =
        [Default, new(ListenScheme.Udp, new IPEndPoint(IPAddress.Loopback, 12345))];

    /// <summary>Parses an endpoint; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ListenEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        var rest = text.Trim();
        var scheme = ListenScheme.Tcp;
        var sep = rest.IndexOf("://", StringComparison.Ordinal);
        if (sep >= 0)
        {
            var name = rest[..sep].ToLowerInvariant();
            switch (name)
            {
                case "tcp":
                    break;
                case "udp":
                    scheme = ListenScheme.Udp;
                    break;
                case "tls":
                    scheme = ListenScheme.Tls;
                    break;
                default:
                    error = $"unsupported scheme '{name}' in '{text}' (supported: tcp, udp, tls)";
                    return false;
            }
            rest = rest[(sep + 3)..];
        }

        string host;
        string port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"'{text}' is not [IPV6]:PORT";
                return false;
            }
            host = rest[1..close];
            port = rest[(close + 2)..];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0 || rest.IndexOf(':') != colon)
            {
                error = $"'{text}' is not HOST:PORT (write IPv6 addresses in brackets: [::1]:6667)";
                return false;
            }
            host = rest[..colon];
            port = rest[(colon + 1)..];
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            error = $"'{port}' in '{text}' is not a port number (0-65535)";
            return false;
        }
        IPAddress? address;
        if (host is "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (host is "" or "*")
        {
            address = IPAddress.Any;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            error = $"'{host}' in '{text}' is not an IP address";
            return false;
        }
        endpoint = new ListenEndpoint(scheme, new IPEndPoint(address, number));
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Scheme.ToString().ToLowerInvariant()}://{EndPoint}";
}
