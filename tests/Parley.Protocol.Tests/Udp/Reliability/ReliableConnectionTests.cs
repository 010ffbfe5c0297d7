using System.Text;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class ReliableConnectionTests
{
    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static T Frame<T>(byte[] datagram) where T : Frame => ConnectionPair.Decode(datagram).Frames.OfType<T>().Single();

    [Fact]
    public void A_lone_message_is_acknowledged_after_the_max_ack_delay_with_that_delay_reported()
    {
        var pair = ConnectionPair.Connect();
        pair.Server.Send(Text("hello"));
        var data = ConnectionPair.Single(pair.Server, pair.Now);
        pair.Now += 10_000;
        pair.Client.Receive(data, pair.Now);
        Assert.Equal(["hello"], pair.Messages(pair.Client));
        Assert.Empty(pair.Poll(pair.Client));
        Assert.Equal(pair.Now + 25_000, pair.Client.NextTimeout);
        pair.AdvanceTo(pair.Now + 25_000);
        var ack = Frame<AckFrame>(ConnectionPair.Single(pair.Client, pair.Now));
        Assert.Equal(25_000UL, ack.AckDelayMicros);
        Assert.Equal(ConnectionPair.Decode(data).Header.PacketNumber, ack.LargestAcknowledged);
    }

    [Fact]
    public void An_ack_rides_along_with_data_going_the_other_way()
    {
        var pair = ConnectionPair.Connect();
        pair.Server.Send(Text("ping?"));
        pair.Client.Receive(ConnectionPair.Single(pair.Server, pair.Now), pair.Now);
        pair.Client.Send(Text("pong!"));
        var reply = ConnectionPair.Decode(ConnectionPair.Single(pair.Client, pair.Now));
        Assert.Contains(reply.Frames, f => f is AckFrame);
        Assert.Contains(reply.Frames, f => f is FragmentFrame);
    }

    [Fact]
    public void A_gap_in_the_acknowledgements_resends_the_missing_packet_before_any_timeout()
    {
        var pair = ConnectionPair.Connect();
        for (var i = 0; i < 5; i++)
        {
            pair.Server.Send(Text($"{i}:" + new string('x', 1000)));
        }
        var packets = pair.Poll(pair.Server);
        Assert.Equal(5, packets.Count);
        var rtoAt = pair.Server.NextTimeout;
        pair.Now += 2000;
        foreach (var packet in packets.Skip(1))
        {
            pair.Client.Receive(packet, pair.Now); // the first one is lost
        }
        Assert.Empty(pair.Messages(pair.Client));
        var acks = pair.Poll(pair.Client);
        Assert.NotEmpty(acks);
        pair.Now += 2000;
        foreach (var ack in acks)
        {
            pair.Server.Receive(ack, pair.Now);
        }
        Assert.True(pair.Now < rtoAt);
        var resent = ConnectionPair.Single(pair.Server, pair.Now);
        Assert.Equal(0UL, Frame<FragmentFrame>(resent).MessageId);
        Assert.True(ConnectionPair.Decode(resent).Header.PacketNumber > ConnectionPair.Decode(packets[^1]).Header.PacketNumber,
            "a resent frame travels in a new packet");
        Assert.Equal(1, pair.Server.Counters.PacketsLost);
        Assert.Equal(1, pair.Server.Counters.FragmentsRetransmitted);
        Assert.Equal(0, pair.Server.Counters.RetransmissionTimeouts);
        pair.Client.Receive(resent, pair.Now + 2000);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{i}:" + new string('x', 1000)), pair.Messages(pair.Client));
    }

    [Fact]
    public void Without_any_acknowledgement_the_timeout_fires_sends_two_probes_and_doubles()
    {
        var pair = ConnectionPair.Connect();
        pair.Server.Send(Text("into the void"));
        ConnectionPair.Single(pair.Server, pair.Now); // lost
        var rto = pair.Server.RetransmissionTimeout;
        Assert.Equal(pair.Now + (long)rto.TotalMicroseconds, pair.Server.NextTimeout);
        pair.AdvanceTo(pair.Server.NextTimeout!.Value);
        var probes = pair.Poll(pair.Server);
        Assert.Equal(2, probes.Count);
        Assert.Equal("into the void", Encoding.UTF8.GetString(Frame<FragmentFrame>(probes[0]).Payload.Span));
        Assert.Contains(ConnectionPair.Decode(probes[1]).Frames, f => f is PingFrame);
        Assert.Equal(1, pair.Server.Counters.RetransmissionTimeouts);
        Assert.Equal(2 * rto, pair.Server.RetransmissionTimeout);
        Assert.Equal(2 * CongestionController.DatagramSize, pair.Server.CongestionWindow);
    }

    [Fact]
    public void A_duplicated_datagram_delivers_once_is_counted_and_re_acknowledged_at_once()
    {
        var pair = ConnectionPair.Connect();
        pair.Server.Send(Text("once"));
        var data = ConnectionPair.Single(pair.Server, pair.Now);
        pair.Client.Receive(data, pair.Now);
        pair.Client.Receive(data, pair.Now);
        Assert.Equal(["once"], pair.Messages(pair.Client));
        Assert.Equal(1, pair.Client.Counters.DuplicateDatagrams);
        Assert.Single(pair.Poll(pair.Client)); // no waiting for the ack delay
    }

    [Fact]
    public void Garbage_and_other_connections_datagrams_are_counted_and_ignored()
    {
        var pair = ConnectionPair.Connect();
        pair.Client.Receive("hello"u8, pair.Now);
        pair.Client.Receive(new byte[50], pair.Now);
        var other = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, 999, 50), [new FragmentFrame(0, 0, 1, Text("injected"))]));
        pair.Client.Receive(other, pair.Now);
        Assert.Equal(3, pair.Client.Counters.InvalidDatagrams);
        Assert.Empty(pair.Events(pair.Client));
        Assert.Empty(pair.Poll(pair.Client));
        Assert.Equal(ConnectionState.Connected, pair.Client.State);
    }

    [Fact]
    public void A_packet_with_a_message_beyond_the_window_is_refused_and_not_acknowledged()
    {
        var pair = ConnectionPair.Connect();
        pair.Client.Receive(ConnectionPair.Data(100, new PingFrame(), new FragmentFrame(UdpLimits.MessageWindow, 0, 1, Text("far"))), pair.Now);
        Assert.Equal(1, pair.Client.Counters.DroppedDatagrams);
        pair.Client.Receive(ConnectionPair.Data(101, new PingFrame()), pair.Now);
        var ack = Frame<AckFrame>(ConnectionPair.Single(pair.Client, pair.Now));
        Assert.True(ack.Acknowledges(101));
        Assert.False(ack.Acknowledges(100));
    }

    [Fact]
    public void Fragments_beyond_64_KiB_of_undeliverable_messages_are_refused()
    {
        var pair = ConnectionPair.Connect();
        ulong pn = 50;
        // Messages 1 to 4, whole, but message 0 never comes: 64 KiB wait in the buffer.
        for (ulong id = 1; id <= 4; id++)
        {
            for (var i = 0; i < 16; i++)
            {
                pair.Client.Receive(ConnectionPair.Data(pn++, new FragmentFrame(id, i, 16, new byte[1024])), pair.Now);
            }
        }
        Assert.Equal(0, pair.Client.Counters.DroppedDatagrams);
        pair.Client.Receive(ConnectionPair.Data(pn, new FragmentFrame(5, 0, 1, new byte[1])), pair.Now);
        Assert.Equal(1, pair.Client.Counters.DroppedDatagrams);
        // The next message to deliver is always taken, even over the bound: refusing it could never free the buffer.
        pair.Client.Receive(ConnectionPair.Data(pn + 1, new FragmentFrame(0, 0, 1, Text("first"))), pair.Now);
        Assert.Equal(5, pair.Events(pair.Client).OfType<MessageReceivedEvent>().Count());
    }

    [Fact]
    public void Acknowledging_a_packet_never_sent_closes_with_a_protocol_violation()
    {
        var pair = ConnectionPair.Connect();
        pair.Server.Receive(ConnectionPair.Data(5, new AckFrame(0, [new AckRange(0, 1000)])), pair.Now);
        var closed = Assert.IsType<ClosedEvent>(Assert.Single(pair.Events(pair.Server)));
        Assert.Equal(CloseCode.ProtocolViolation, closed.Code);
        Assert.False(closed.ByPeer);
        var close = Frame<CloseFrame>(ConnectionPair.Single(pair.Server, pair.Now));
        Assert.Equal(CloseCode.ProtocolViolation, close.Code);
        Assert.Contains("never sent", close.Reason, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closing, pair.Server.State);
    }

    [Fact]
    public void A_client_sending_accept_or_a_message_in_two_shapes_breaks_the_protocol()
    {
        var accept = ConnectionPair.Connect();
        accept.Server.Receive(ConnectionPair.Data(5, new AcceptFrame()), accept.Now);
        Assert.Equal(CloseCode.ProtocolViolation, Assert.IsType<ClosedEvent>(accept.Events(accept.Server).Single()).Code);

        var shapes = ConnectionPair.Connect();
        shapes.Server.Receive(ConnectionPair.Data(5, new FragmentFrame(0, 0, 2, new byte[3])), shapes.Now);
        shapes.Server.Receive(ConnectionPair.Data(6, new FragmentFrame(0, 1, 3, new byte[3])), shapes.Now);
        Assert.Equal(CloseCode.ProtocolViolation, Assert.IsType<ClosedEvent>(shapes.Events(shapes.Server).Single()).Code);
    }

    [Fact]
    public void A_message_in_two_shapes_within_one_packet_breaks_the_protocol_rather_than_the_server()
    {
        // Found by the live fuzzer: each fragment was checked only against what was stored before the packet, so the
        // second shape of a new message reached the store and indexed past the first one's fragment array.
        var pair = ConnectionPair.Connect();
        pair.Server.Receive(ConnectionPair.Data(5, new FragmentFrame(0, 0, 2, new byte[3]), new FragmentFrame(0, 2, 3, new byte[3])), pair.Now);
        Assert.Equal(CloseCode.ProtocolViolation, Assert.IsType<ClosedEvent>(pair.Events(pair.Server).Single()).Code);
    }

    [Fact]
    public void Send_refuses_oversized_messages_a_full_buffer_and_a_closed_connection()
    {
        var pair = ConnectionPair.Connect(new ReliableConnectionOptions { SendBufferLimit = 3000 });
        Assert.Throws<ArgumentException>(() => pair.Client.Send(new byte[UdpLimits.MaxMessageSize + 1]));
        Assert.Equal(SendResult.Queued, pair.Client.Send(new byte[UdpLimits.MaxMessageSize - 14_000]));
        Assert.Equal(SendResult.BufferFull, pair.Client.Send(new byte[1000]));
        Assert.Equal(SendResult.Queued, pair.Client.Send(new byte[600]));
        pair.Client.Close(CloseCode.Normal, "bye", pair.Now);
        Assert.Equal(SendResult.NotOpen, pair.Client.Send(new byte[1]));
    }

    [Fact]
    public void A_retry_makes_the_client_send_its_cookie_at_once_and_the_initial_repeats_every_second()
    {
        var client = ReliableConnection.CreateClient(7, 0);
        var first = ConnectionPair.Single(client, 0);
        Assert.Equal(PacketType.Initial, ConnectionPair.Decode(first).Header.Type);
        Assert.Equal(0, Frame<InitialFrame>(first).Cookie.Length);
        Assert.Equal(1_000_000, client.NextTimeout);
        client.HandleTimeout(1_000_000);
        Assert.Equal(UdpLimits.InitialDatagramSize, ConnectionPair.Single(client, 1_000_000).Length);
        client.Receive(DatagramCodec.EncodeRetry(7, [1, 2, 3]), 1_200_000);
        var withCookie = ConnectionPair.Single(client, 1_200_000);
        Assert.Equal([1, 2, 3], Frame<InitialFrame>(withCookie).Cookie.ToArray());
        Assert.Equal(2_200_000, client.NextTimeout);
    }

    [Fact]
    public void Closing_during_the_handshake_ends_at_once_and_tells_a_server_that_may_have_accepted()
    {
        var fresh = ReliableConnection.CreateClient(7, 0);
        ConnectionPair.Poll(fresh, 0);
        fresh.Close(CloseCode.Normal, "never mind", 10);
        Assert.True(fresh.IsDrained);
        Assert.Empty(ConnectionPair.Poll(fresh, 10));
        Assert.Null(fresh.NextTimeout);

        var cookied = ReliableConnection.CreateClient(7, 0);
        cookied.Receive(DatagramCodec.EncodeRetry(7, [9]), 5);
        ConnectionPair.Poll(cookied, 5);
        cookied.Close(CloseCode.Normal, "never mind", 10);
        Assert.False(cookied.IsDrained);
        Assert.Equal("never mind", Frame<CloseFrame>(ConnectionPair.Single(cookied, 10)).Reason);
        Assert.True(cookied.IsDrained);
        var events = new List<ConnectionEvent>();
        while (cookied.TryPollEvent(out var e))
        {
            events.Add(e);
        }
        Assert.Equal([new ClosedEvent(CloseCode.Normal, "never mind", ByPeer: false)], events);
    }

    [Fact]
    public void A_server_that_refuses_after_the_cookie_is_seen_as_a_close_never_as_a_connection()
    {
        var client = ReliableConnection.CreateClient(7, 0);
        client.Receive(DatagramCodec.EncodeRetry(7, [9]), 5);
        ConnectionPair.Poll(client, 5);
        // The door accepted the cookie, but is full: it creates the connection and closes it at once.
        var server = ReliableConnection.CreateServer(7, 10);
        server.Close(CloseCode.Refused, "server full", 10);
        var refusal = ConnectionPair.Single(server, 10);
        Assert.DoesNotContain(ConnectionPair.Decode(refusal).Frames, f => f is AcceptFrame);
        client.Receive(refusal, 20);
        var events = new List<ConnectionEvent>();
        while (client.TryPollEvent(out var e))
        {
            events.Add(e);
        }
        Assert.Equal([new ClosedEvent(CloseCode.Refused, "server full", ByPeer: true)], events);
        Assert.Equal(ConnectionState.Draining, client.State);
    }

    [Fact]
    public void The_server_sends_accept_again_when_the_clients_initial_comes_again()
    {
        var server = ReliableConnection.CreateServer(7, 0);
        Assert.Contains(ConnectionPair.Decode(ConnectionPair.Single(server, 0)).Frames, f => f is AcceptFrame);
        server.Receive(DatagramCodec.EncodeInitial(7, [1]), 5000);
        Assert.Contains(ConnectionPair.Decode(ConnectionPair.Single(server, 5000)).Frames, f => f is AcceptFrame);
    }

    [Fact]
    public void A_quiet_connection_pings_ten_seconds_after_it_last_asked_for_an_acknowledgement()
    {
        var pair = ConnectionPair.Connect();
        pair.Client.Send(Text("last words for a while"));
        var sentAt = pair.Now;
        pair.Server.Receive(ConnectionPair.Single(pair.Client, pair.Now), pair.Now + 2000);
        pair.AdvanceTo(pair.Now + 27_000);
        pair.Client.Receive(ConnectionPair.Single(pair.Server, pair.Now), pair.Now + 2000);
        pair.Now += 2000;
        Assert.Equal(sentAt + 10_000_000, pair.Client.NextTimeout);
        pair.AdvanceTo(sentAt + 10_000_000);
        var ping = ConnectionPair.Decode(ConnectionPair.Single(pair.Client, pair.Now));
        Assert.Contains(ping.Frames, f => f is PingFrame);
        Assert.DoesNotContain(ping.Frames, f => f is FragmentFrame);
    }

    [Fact]
    public void A_closed_connection_has_no_timer_and_ignores_datagrams()
    {
        var pair = ConnectionPair.Connect();
        pair.Client.Close(CloseCode.Normal, "bye", pair.Now);
        pair.Server.Receive(ConnectionPair.Single(pair.Client, pair.Now), pair.Now);
        pair.Client.Receive(ConnectionPair.Single(pair.Server, pair.Now), pair.Now);
        Assert.True(pair.Client.IsDrained);
        Assert.Null(pair.Client.NextTimeout);
        pair.Client.Receive(ConnectionPair.Data(99, new PingFrame()), pair.Now);
        Assert.Equal(1, pair.Client.Counters.DroppedDatagrams);
        Assert.Empty(pair.Poll(pair.Client));
    }
}
