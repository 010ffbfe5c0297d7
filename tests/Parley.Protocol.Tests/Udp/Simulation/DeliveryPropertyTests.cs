using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Simulation;

/// <summary>Property tests over a seeded lossy network: whatever the seed and loss rate, every message arrives exactly
/// once and in order both ways, and the session ends cleanly on both sides.</summary>
public sealed class DeliveryPropertyTests
{
    private const long Second = 1_000_000;
    private const int Seeds = 200;

    /// <summary>One run: a handshake, messages both ways at random times (some of many fragments, some sent before the
    /// handshake completes), then one side closes.</summary>
    internal static RunResult Run(int seed, NetworkConditions conditions, int messagesEachWay = 8)
    {
        var net = new SimulatedNetwork(seed, conditions);
        var random = new Random(seed ^ 0x5EED);
        var fromClient = Enumerable.Range(0, messagesEachWay).Select(i => MakeMessage(random, "c", i)).ToList();
        var fromServer = Enumerable.Range(0, messagesEachWay).Select(i => MakeMessage(random, "s", i)).ToList();

        // The first client message goes out before the handshake completes; the rest at random times.
        Assert.Equal(SendResult.Queued, net.Client.Send(fromClient[0]));
        net.Flush();
        var sendTimes = fromClient.Skip(1).Select(_ => random.NextInt64(0, 3 * Second)).Order().ToList();
        foreach (var (message, at) in fromClient.Skip(1).Zip(sendTimes))
        {
            net.At(at, () => Assert.Equal(SendResult.Queued, net.Client.Send(message)));
        }
        var serverSent = 0;
        void SendFromServer()
        {
            // The server speaks once it exists, at random moments.
            if (net.Server is { State: ConnectionState.Connected } server && serverSent < fromServer.Count)
            {
                Assert.Equal(SendResult.Queued, server.Send(fromServer[serverSent++]));
            }
            if (serverSent < fromServer.Count)
            {
                net.At(net.Now + random.NextInt64(1, Second / 2), SendFromServer);
            }
        }
        net.At(0, SendFromServer);

        bool AllDelivered() =>
            SimulatedNetwork.Messages(net.ServerEvents).Count() == fromClient.Count
            && SimulatedNetwork.Messages(net.ClientEvents).Count() == fromServer.Count;
        var delivered = net.RunUntil(AllDelivered, 600 * Second);
        var deliveredAt = net.Now;

        var clientCloses = seed % 2 == 0;
        var closer = clientCloses ? net.Client : net.Server!;
        if (delivered)
        {
            closer.Close(CloseCode.Normal, "bye", net.Now);
            net.Flush();
            net.RunUntil(() => net.Client.IsDrained && net.Server!.IsDrained, 600 * Second);
        }
        return new RunResult(net, fromClient, fromServer, delivered, deliveredAt, clientCloses);
    }

    private static byte[] MakeMessage(Random random, string side, int index)
    {
        var size = random.Next(10) switch
        {
            0 => UdpLimits.MaxMessageSize,
            1 or 2 => random.Next(UdpLimits.FragmentPayloadSize, 5 * UdpLimits.FragmentPayloadSize),
            3 => 0,
            _ => random.Next(1, 300),
        };
        var message = new byte[size];
        random.NextBytes(message);
        var tag = System.Text.Encoding.ASCII.GetBytes($"{side}{index}:");
        tag.AsSpan(0, Math.Min(tag.Length, size)).CopyTo(message);
        return message;
    }

    internal sealed record RunResult(
        SimulatedNetwork Net,
        List<byte[]> FromClient,
        List<byte[]> FromServer,
        bool Delivered,
        long DeliveredAt,
        bool ClientClosed);

    private static void AssertRun(RunResult run, string label)
    {
        var net = run.Net;
        Assert.True(run.Delivered, $"{label}: not everything arrived within 600 s");
        Assert.Equal(1, net.ServerConnectionsCreated);
        Assert.True(net.WindowViolations == 0, $"{label}: {net.WindowViolations} datagrams went beyond the congestion window");
        AssertSameMessages(run.FromClient, SimulatedNetwork.Messages(net.ServerEvents).ToList(), label + " client->server");
        AssertSameMessages(run.FromServer, SimulatedNetwork.Messages(net.ClientEvents).ToList(), label + " server->client");

        Assert.True(net.Client.IsDrained && net.Server!.IsDrained, $"{label}: did not drain (client {net.Client.State}, server {net.Server!.State})");
        var (closerEvents, peerEvents, closesToPeer) = run.ClientClosed
            ? (net.ClientEvents, net.ServerEvents, net.ClosesDeliveredToServer)
            : (net.ServerEvents, net.ClientEvents, net.ClosesDeliveredToClient);
        Assert.IsType<ConnectedEvent>(closerEvents[0]);
        Assert.IsType<ConnectedEvent>(peerEvents[0]);
        Assert.Equal(new ClosedEvent(CloseCode.Normal, "bye", ByPeer: false), Assert.Single(closerEvents.OfType<ClosedEvent>()));
        Assert.IsType<ClosedEvent>(closerEvents[^1]);
        Assert.IsType<ClosedEvent>(peerEvents[^1]);
        var peerClosed = Assert.Single(peerEvents.OfType<ClosedEvent>());
        // The peer hears the CLOSE unless every CLOSE datagram was lost; then, and only then, it times out.
        Assert.Equal(
            closesToPeer > 0 ? new ClosedEvent(CloseCode.Normal, "bye", ByPeer: true) : new ClosedEvent(CloseCode.IdleTimeout, peerClosed.Reason, ByPeer: false),
            peerClosed);
    }

    private static void AssertSameMessages(List<byte[]> sent, List<byte[]> received, string label)
    {
        Assert.True(sent.Count == received.Count, $"{label}: sent {sent.Count}, received {received.Count}");
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.True(sent[i].AsSpan().SequenceEqual(received[i]), $"{label}: message {i} differs (length {sent[i].Length} vs {received[i].Length})");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.20)]
    [InlineData(0.40)]
    public void Every_message_arrives_once_in_order_and_the_session_closes_cleanly(double loss)
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var run = Run(seed, NetworkConditions.Lossy(loss));
            AssertRun(run, $"seed {seed}, {run.Net.Conditions}");
        }
    }
}
