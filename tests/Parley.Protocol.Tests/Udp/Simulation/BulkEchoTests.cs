using System.Text;
using Parley.Protocol.Udp.Reliability;

namespace Parley.Protocol.Tests.Udp.Simulation;

/// <summary>Bulk traffic both ways under heavy reordering: the client keeps 200 messages in flight and the server echoes
/// each one, as a chat client with echo-message does in a burst. Reordering makes senders resend fragments the
/// receiver already delivered, beside new ones in the same packet; none of that may stay in the reordering buffer.</summary>
public sealed class BulkEchoTests
{
    private const int Total = 8000;
    private const int Window = 200;

    [Theory]
    [InlineData(1, 2_000L, 0.01)]
    [InlineData(2, 30_000L, 0.0)]
    [InlineData(3, 2_000L, 0.0)]
    public void Thousands_of_echoed_messages_all_come_back_in_order_under_reordering(int seed, long jitterMicros, double duplication)
    {
        var net = new SimulatedNetwork(seed, new NetworkConditions(Duplication: duplication, MinDelayMicros: 1_000, JitterMicros: jitterMicros));
        var sent = 0;
        var echoed = new List<string>();
        var serverEvents = 0;
        var clientEvents = 0;
        void Pump()
        {
            while (sent < Total && sent - echoed.Count < Window)
            {
                Assert.Equal(SendResult.Queued, net.Client.Send(Encoding.ASCII.GetBytes($"PRIVMSG #bench :{sent++} {new string('x', 60)}")));
            }
            net.Flush();
            if (net.Server is { } server)
            {
                for (; serverEvents < net.ServerEvents.Count; serverEvents++)
                {
                    if (net.ServerEvents[serverEvents] is MessageReceivedEvent received)
                    {
                        Assert.Equal(SendResult.Queued, server.Send(received.Message));
                    }
                }
                net.Flush();
            }
            for (; clientEvents < net.ClientEvents.Count; clientEvents++)
            {
                if (net.ClientEvents[clientEvents] is MessageReceivedEvent echo)
                {
                    echoed.Add(Encoding.ASCII.GetString(echo.Message.Span).Split(' ')[2]);
                }
            }
            if (echoed.Count < Total)
            {
                net.At(net.Now + 200, Pump);
            }
        }
        net.At(0, Pump);

        var done = net.RunUntil(() => echoed.Count == Total, 60_000_000);

        Assert.True(done, $"stalled with {echoed.Count} of {Total} echoed after {net.Now / 1000} ms; client refused {net.Client.Counters.DroppedDatagrams} packets, server {net.Server?.Counters.DroppedDatagrams}");
        Assert.Equal(Enumerable.Range(0, Total).Select(i => ":" + i), echoed);
    }
}
