using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Soak;

/// <summary>Where the clients of a chaos run connect from. Linux delivers all of 127.0.0.0/8 to the loopback interface,
/// so each misbehaving client slot gets an address of its own (127.1.x.y) and meets the server's real defences (flood
/// control, per-address limits) as a separate host would, while the honest clients share 127.0.0.2, the one address
/// the server exempts. Against an IPv6 target everyone uses the target's own family and address (no such spread).</summary>
public static class ChaosAddresses
{
    /// <summary>What the server's Limits:Exempt must be for a chaos run: the honest clients' address only.</summary>
    public const string ExemptHonest = "127.0.0.2/32";

    /// <summary>The honest clients' address.</summary>
    public static IPAddress Honest(IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Parse("127.0.0.2") : IPAddress.IPv6Loopback;

    /// <summary>The address of misbehaving client slot <paramref name="id"/>.</summary>
    public static IPAddress Misbehaving(int id, IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetwork
            ? new IPAddress([127, 1, (byte)(id / 250), (byte)(id % 250 + 1)])
            : IPAddress.IPv6Loopback;

    /// <summary>Binds <paramref name="socket"/> to <paramref name="source"/> (any port) before it connects.</summary>
    public static void Bind(Socket socket, IPAddress source) => socket.Bind(new IPEndPoint(source, 0));
}
