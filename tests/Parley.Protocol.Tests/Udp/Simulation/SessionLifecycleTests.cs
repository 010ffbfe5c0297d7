using System.Text;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Simulation;

/// <summary>How sessions start, stay alive and end over the simulated network.</summary>
public sealed class SessionLifecycleTests
{
    private const long Second = 1_000_000;

    private static SimulatedNetwork Connected(int seed, NetworkConditions conditions)
    {
        var net = new SimulatedNetwork(seed, conditions);
        Assert.True(net.RunUntil(() => net.Server is not null && net.Client.State == ConnectionState.Connected, 120 * Second));
        return net;
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static List<string> Texts(IEnumerable<ConnectionEvent> events) =>
        SimulatedNetwork.Messages(events).Select(m => Encoding.UTF8.GetString(m)).ToList();

    [Fact]
    public void The_handshake_takes_two_round_trips_and_creates_one_server_connection()
    {
        var net = new SimulatedNetwork(1, new NetworkConditions(MinDelayMicros: 50_000, JitterMicros: 0));
        Assert.True(net.RunUntil(() => net.Client.State == ConnectionState.Connected, 10 * Second));
        // INITIAL, RETRY, INITIAL with cookie, DATA with ACCEPT: four 50 ms trips.
        Assert.Equal(200_000, net.Now);
        Assert.Equal(1, net.ServerConnectionsCreated);
        Assert.IsType<ConnectedEvent>(Assert.Single(net.ClientEvents));
        Assert.IsType<ConnectedEvent>(Assert.Single(net.ServerEvents));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void An_idle_peer_is_closed_after_the_idle_timeout(double loss)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var net = Connected(seed, NetworkConditions.Lossy(loss));
            net.Client.Send(Text("hello"));
            Assert.True(net.RunUntil(() => net.ServerEvents.OfType<MessageReceivedEvent>().Any(), 60 * Second));
            net.ServerCrashed = true;
            Assert.True(net.RunUntil(() => net.Client.IsDrained, 120 * Second));
            var closed = Assert.IsType<ClosedEvent>(net.ClientEvents[^1]);
            Assert.Equal(CloseCode.IdleTimeout, closed.Code);
            Assert.False(closed.ByPeer);
            // Exactly the idle timeout after the last datagram from the server, not a moment sooner (a duplicate
            // delivered later proves nothing about the peer, so it does not count).
            Assert.Equal(net.LastFreshDeliveryToClient + (30 * Second), net.Now);
        }
    }

    [Fact]
    public void Quiet_live_sessions_survive_half_an_hour_of_heavy_loss()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var net = Connected(seed, NetworkConditions.Lossy(0.4));
            net.RunFor(30 * 60 * Second);
            Assert.True(net.Client.State == ConnectionState.Connected && net.Server!.State == ConnectionState.Connected, $"seed {seed}");
        }
    }

    [Fact]
    public void A_quiet_live_session_is_kept_alive_by_pings()
    {
        var net = Connected(5, NetworkConditions.Lossy(0.2));
        var sentBefore = net.Client.Counters.DatagramsSent;
        net.RunFor(10 * 60 * Second);
        Assert.Equal(ConnectionState.Connected, net.Client.State);
        Assert.Equal(ConnectionState.Connected, net.Server!.State);
        // About one PING every 10 s each way, plus their acknowledgements and a few resends: quiet, not silent.
        var sent = net.Client.Counters.DatagramsSent - sentBefore;
        Assert.InRange(sent, 60, 400);
        net.Client.Send(Text("still here"));
        Assert.True(net.RunUntil(() => Texts(net.ServerEvents).Contains("still here"), 60 * Second));
    }

    [Fact]
    public void A_client_whose_server_never_answers_gives_up_after_the_handshake_timeout()
    {
        var net = new SimulatedNetwork(2, new NetworkConditions()) { ServerCrashed = true };
        Assert.True(net.RunUntil(() => net.Client.IsDrained, 120 * Second));
        Assert.Equal(new ClosedEvent(CloseCode.HandshakeTimeout, "the server did not answer", ByPeer: false), Assert.Single(net.ClientEvents));
        Assert.Equal(30 * Second, net.Now);
        Assert.Equal(30, net.Client.Counters.DatagramsSent); // one INITIAL a second
        Assert.Equal(30 * 1200, net.Client.Counters.BytesSent);
    }

    [Fact]
    public void The_handshake_survives_heavy_loss()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var net = new SimulatedNetwork(seed, NetworkConditions.Lossy(0.4));
            Assert.True(net.RunUntil(() => net.Client.State == ConnectionState.Connected, 30 * Second), $"seed {seed}");
            Assert.Equal(1, net.ServerConnectionsCreated);
        }
    }

    [Fact]
    public void After_a_server_restart_the_client_learns_at_once_that_its_session_is_gone()
    {
        var net = Connected(3, new NetworkConditions());
        net.RestartServer();
        var start = net.Now;
        net.Client.Send(Text("anyone there?"));
        net.Flush();
        Assert.True(net.RunUntil(() => net.ClientEvents[^1] is ClosedEvent, 5 * Second));
        Assert.True(net.Now - start < Second / 10, $"it took {net.Now - start} µs");
        var closed = Assert.IsType<ClosedEvent>(net.ClientEvents[^1]);
        Assert.Equal(CloseCode.UnknownConnection, closed.Code);
        Assert.True(closed.ByPeer);
        Assert.True(net.RunUntil(() => net.Client.IsDrained, 10 * Second));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void Close_delivers_what_was_queued_before_it_then_closes(double loss)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var net = Connected(seed, NetworkConditions.Lossy(loss));
            var lines = Enumerable.Range(0, 30).Select(i => $"line {i} " + new string('x', i * 100)).ToList();
            foreach (var line in lines)
            {
                Assert.Equal(SendResult.Queued, net.Client.Send(Text(line)));
            }
            net.Client.Close(CloseCode.Normal, "quit", net.Now);
            Assert.Equal(ConnectionState.Flushing, net.Client.State);
            Assert.Equal(SendResult.NotOpen, net.Client.Send(Text("too late")));
            net.Flush();
            Assert.True(net.RunUntil(() => net.Client.IsDrained && net.Server!.IsDrained, 120 * Second), $"seed {seed}");
            Assert.Equal(lines, Texts(net.ServerEvents));
            Assert.Equal(new ClosedEvent(CloseCode.Normal, "quit", ByPeer: true), net.ServerEvents[^1]);
        }
    }

    [Fact]
    public void Close_gives_up_flushing_after_the_flush_timeout_and_the_close_attempts()
    {
        var net = Connected(4, new NetworkConditions());
        net.ServerCrashed = true;
        net.Client.Send(Text("lost forever"));
        net.Client.Close(CloseCode.Normal, "bye", net.Now);
        var closedAt = net.Now;
        net.Flush();
        Assert.True(net.RunUntil(() => net.Client.State == ConnectionState.Closing, 60 * Second));
        Assert.Equal(closedAt + (5 * Second), net.Now);
        Assert.True(net.RunUntil(() => net.Client.IsDrained, 120 * Second));
        Assert.True(net.Now - closedAt < 30 * Second + (5 * Second), "closing took as long as an idle timeout");
        Assert.Equal(new ClosedEvent(CloseCode.Normal, "bye", ByPeer: false), Assert.Single(net.ClientEvents.OfType<ClosedEvent>()));
    }

    [Fact]
    public void Both_sides_closing_at_once_both_finish()
    {
        var net = Connected(6, new NetworkConditions());
        net.Client.Close(CloseCode.Normal, "client leaves", net.Now);
        net.Server!.Close(CloseCode.ServerShutdown, "server leaves", net.Now);
        net.Flush();
        Assert.True(net.RunUntil(() => net.Client.IsDrained && net.Server.IsDrained, 10 * Second));
        Assert.Equal(new ClosedEvent(CloseCode.Normal, "client leaves", ByPeer: false), net.ClientEvents[^1]);
        Assert.Equal(new ClosedEvent(CloseCode.ServerShutdown, "server leaves", ByPeer: false), net.ServerEvents[^1]);
    }

    [Fact]
    public void The_peer_sees_a_close_within_one_trip()
    {
        var net = Connected(7, new NetworkConditions(MinDelayMicros: 20_000, JitterMicros: 0));
        var start = net.Now;
        net.Server!.Close(CloseCode.ServerShutdown, "restarting", net.Now);
        net.Flush();
        Assert.True(net.RunUntil(() => net.ClientEvents[^1] is ClosedEvent, 10 * Second));
        Assert.Equal(start + 20_000, net.Now);
        Assert.Equal(new ClosedEvent(CloseCode.ServerShutdown, "restarting", ByPeer: true), net.ClientEvents[^1]);
    }

    [Fact]
    public void A_bulk_transfer_grows_the_window_and_loss_shrinks_it_again()
    {
        // No jitter: heavy reordering would look like loss to fast retransmit and keep the window small.
        var net = Connected(8, new NetworkConditions(JitterMicros: 0));
        var initialWindow = net.Server!.CongestionWindow;
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(SendResult.Queued, net.Server.Send(new byte[8000]));
        }
        net.Flush();
        var largest = 0L;
        Assert.True(net.RunUntil(() =>
        {
            largest = Math.Max(largest, net.Server.CongestionWindow);
            return net.ClientEvents.OfType<MessageReceivedEvent>().Count() == 30 && net.Server.QueuedBytes == 0;
        }, 60 * Second));
        Assert.True(largest > 2 * initialWindow, $"the window only reached {largest}");
        Assert.Equal(0, net.WindowViolations);

        net.Conditions = new NetworkConditions(Loss: 0.3, JitterMicros: 0);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(SendResult.Queued, net.Server.Send(new byte[8000]));
        }
        net.Flush();
        var smallest = long.MaxValue;
        Assert.True(net.RunUntil(() =>
        {
            smallest = Math.Min(smallest, net.Server.CongestionWindow);
            return net.ClientEvents.OfType<MessageReceivedEvent>().Count() == 60;
        }, 600 * Second));
        Assert.True(smallest < largest / 4, $"the window only fell to {smallest} from {largest}");
        Assert.Equal(0, net.WindowViolations);
    }
}
