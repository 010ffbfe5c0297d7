using System.Net;
using Parley.Server.Doors.Udp;

namespace Parley.Server.Tests.Doors.Udp;

public sealed class AmplificationLedgerTests
{
    private static IPEndPoint Peer(int port) => new(IPAddress.Loopback, port);

    [Fact]
    public void Each_address_and_port_has_its_own_ledger_kept_across_datagrams()
    {
        var ledger = new AmplificationLedger(capacity: 10, lifetimeMicros: 1_000_000);
        ledger.For(Peer(1), 0).OnReceived(10);

        Assert.Equal(10, ledger.For(Peer(1), 5).BytesReceived);
        Assert.Equal(0, ledger.For(Peer(2), 5).BytesReceived);
    }

    [Fact]
    public void Past_its_capacity_the_oldest_entry_is_evicted_and_starts_again_from_zero()
    {
        var ledger = new AmplificationLedger(capacity: 2, lifetimeMicros: 1_000_000);
        ledger.For(Peer(1), 0).OnReceived(100);
        ledger.For(Peer(2), 1).OnReceived(100);
        ledger.For(Peer(3), 2).OnReceived(100);

        Assert.Equal(2, ledger.Count);
        Assert.Equal(0, ledger.For(Peer(1), 3).Allowance); // forgotten: no credit left over, so the server is quieter
    }

    [Fact]
    public void Entries_expire_after_their_lifetime()
    {
        var ledger = new AmplificationLedger(capacity: 10, lifetimeMicros: 1000);
        ledger.For(Peer(1), 0).OnReceived(100);
        ledger.For(Peer(2), 600).OnReceived(100);

        ledger.Sweep(1000);

        Assert.Equal(1, ledger.Count);
        Assert.Equal(0, ledger.For(Peer(1), 1000).BytesReceived);
    }

    [Fact]
    public void A_forgotten_peer_leaves_no_entry()
    {
        var ledger = new AmplificationLedger(capacity: 10, lifetimeMicros: 1000);
        ledger.For(Peer(1), 0).OnReceived(5);
        ledger.Forget(Peer(1));
        ledger.Sweep(5000);

        Assert.Equal(0, ledger.Count);
    }
}
