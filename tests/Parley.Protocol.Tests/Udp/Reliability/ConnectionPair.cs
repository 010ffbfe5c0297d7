using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Reliability;

/// <summary>A client and server connection driven by hand: the test moves each datagram itself, so it can drop,
/// repeat or reorder exactly the ones it means to.</summary>
internal sealed class ConnectionPair
{
    public const ulong ConnectionId = 0x1234_5678_9ABC_DEF0;
    public static readonly byte[] Address = [192, 0, 2, 1];
    public const int Port = 4444;

    public long Now { get; set; }

    public required ReliableConnection Client { get; init; }

    public required ReliableConnection Server { get; init; }

    /// <summary>Runs the handshake without loss (2 ms per trip) and lets the client's acknowledgement of ACCEPT
    /// reach the server, so both sides start quiet.</summary>
    public static ConnectionPair Connect(ReliableConnectionOptions? options = null)
    {
        var handshake = new ServerHandshake(new RetryCookie(new CookieKeyRing(new byte[32])));
        var client = ReliableConnection.CreateClient(ConnectionId, 0, options);
        long now = 0;
        var initial = Single(client, now);
        now += 2000;
        var retry = handshake.Evaluate(initial, Address, Port, now);
        now += 2000;
        client.Receive(retry.Reply, now);
        var second = Single(client, now);
        now += 2000;
        var accept = handshake.Evaluate(second, Address, Port, now);
        Assert.Equal(HandshakeAction.Accept, accept.Action);
        var server = ReliableConnection.CreateServer(accept.ConnectionId, now, options);
        var first = Single(server, now);
        now += 2000;
        client.Receive(first, now);
        // The client holds its acknowledgement for the max ack delay, then sends it.
        now += 25_000;
        client.HandleTimeout(now);
        var ack = Single(client, now);
        now += 2000;
        server.Receive(ack, now);
        Assert.Empty(Poll(server, now));
        var pair = new ConnectionPair { Client = client, Server = server, Now = now };
        Assert.IsType<ConnectedEvent>(pair.Events(client).Single());
        Assert.IsType<ConnectedEvent>(pair.Events(server).Single());
        return pair;
    }

    public static List<byte[]> Poll(ReliableConnection connection, long now)
    {
        var datagrams = new List<byte[]>();
        while (connection.TryPollTransmit(now, out var datagram))
        {
            datagrams.Add(datagram);
        }
        return datagrams;
    }

    public static byte[] Single(ReliableConnection connection, long now) => Assert.Single(Poll(connection, now));

    public List<byte[]> Poll(ReliableConnection connection) => Poll(connection, Now);

    public List<ConnectionEvent> Events(ReliableConnection connection)
    {
        var events = new List<ConnectionEvent>();
        while (connection.TryPollEvent(out var e))
        {
            events.Add(e);
        }
        return events;
    }

    public List<string> Messages(ReliableConnection connection) =>
        Events(connection).OfType<MessageReceivedEvent>().Select(e => System.Text.Encoding.UTF8.GetString(e.Message.Span)).ToList();

    /// <summary>Moves the clock to <paramref name="at"/> and runs whichever timers are due.</summary>
    public void AdvanceTo(long at)
    {
        Now = at;
        foreach (var connection in new[] { Client, Server })
        {
            if (connection.NextTimeout is { } due && due <= Now)
            {
                connection.HandleTimeout(Now);
            }
        }
    }

    public static Packet Decode(byte[] datagram)
    {
        Assert.True(DatagramCodec.TryDecode(datagram, out var packet, out var error), error.ToString());
        return packet;
    }

    public static byte[] Data(ulong packetNumber, params Frame[] frames) =>
        DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, ConnectionId, packetNumber), frames));
}
