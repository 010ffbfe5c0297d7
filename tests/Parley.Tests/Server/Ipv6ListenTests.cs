using System.Net;
using System.Net.Sockets;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>The server listens on IPv6 loopback when asked to.</summary>
public sealed class Ipv6ListenTests
{
    [Fact(Timeout = 20_000)]
    public async Task Listening_on_the_IPv6_loopback_serves_IRC_clients()
    {
        var cancel = TestContext.Current.CancellationToken;
        Assert.SkipUnless(HasIpv6Loopback(), "this machine has no IPv6 loopback (::1 cannot be bound)");

        await using var server = await InProcessServer.StartAsync(o => o.Listen = ["[::1]:0"]);
        Assert.Equal(IPAddress.IPv6Loopback, server.Endpoints[0].EndPoint.Address);

        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel, IPAddress.IPv6Loopback);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel, IPAddress.IPv6Loopback);
        await alice.JoinAsync("#lobby");
        await bob.JoinAsync("#lobby");
        await alice.SendAsync("PRIVMSG #lobby :over six");

        var line = await bob.ExpectAsync(l => LineClient.Command(l) == "PRIVMSG");
        // The host part of the mask is ::1 made safe for IRC (it must not start with ':').
        Assert.StartsWith(":alice!", line, StringComparison.Ordinal);
        Assert.Contains("@0::1 PRIVMSG #lobby :over six", line, StringComparison.Ordinal);
    }

    private static bool HasIpv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
