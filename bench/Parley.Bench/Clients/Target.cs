using System.Net;
using System.Net.Sockets;

namespace Parley.Bench.Clients;

/// <summary>The server under test: a loopback endpoint, and the local addresses to connect from.</summary>
/// <remarks>One local address has about 28,000 ephemeral ports towards one server port; past that, connections come
/// from further loopback addresses (127.0.0.2, ...), which Linux routes without any setup.</remarks>
internal sealed class Target
{
    /// <summary>Connections per local address before the next one is used.</summary>
    public const int ConnectionsPerSource = 25_000;

    private Target(IPEndPoint endPoint) => EndPoint = endPoint;

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Resolves <paramref name="host"/>; only loopback addresses are accepted, since a load generator must never
    /// be aimed at a machine that did not ask for it.</summary>
    public static Target Resolve(string host, int port)
    {
        var address = IPAddress.TryParse(host, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(host).FirstOrDefault(IPAddress.IsLoopback)
              ?? throw new ArgumentException($"{host} does not resolve to a loopback address");
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"{address} is not a loopback address: parley-bench only loads servers on this machine");
        }
        return new Target(new IPEndPoint(address, port));
    }

    /// <summary>The local address for connection <paramref name="index"/> of <paramref name="total"/>: null (any) unless
    /// there are more connections than one address has ports for.</summary>
    public IPAddress? SourceFor(int index, int total)
    {
        if (total <= ConnectionsPerSource || EndPoint.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }
        var bytes = new byte[] { 127, 0, 0, (byte)(1 + index / ConnectionsPerSource) };
        return new IPAddress(bytes);
    }
}
