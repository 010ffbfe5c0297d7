using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Handshake;

public sealed class ServerHandshakeTests
{
    private static readonly byte[] Address = [10, 1, 2, 3];
    private const int Port = 5555;
    private const ulong Cid = 77;

    private readonly RetryCookie _cookies = new(new CookieKeyRing(new byte[32]));

    private ServerHandshake Handshake => new(_cookies);

    private static RetryFrame RetryIn(byte[] reply)
    {
        Assert.True(DatagramCodec.TryDecode(reply, out var packet, out _));
        Assert.Equal(PacketType.Retry, packet.Header.Type);
        Assert.Equal(Cid, packet.Header.ConnectionId);
        return Assert.IsType<RetryFrame>(packet.Frames[0]);
    }

    [Fact]
    public void An_initial_without_cookie_gets_a_retry_and_echoing_its_cookie_is_accepted()
    {
        var first = Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, []), Address, Port, 0);
        Assert.Equal(HandshakeAction.Reply, first.Action);
        Assert.False(first.CookieRejected);
        var cookie = RetryIn(first.Reply!).Cookie;

        var second = Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, cookie.Span), Address, Port, 1_000_000);
        Assert.Equal(HandshakeAction.Accept, second.Action);
        Assert.Equal(Cid, second.ConnectionId);
        Assert.Null(second.Reply);
    }

    [Fact]
    public void The_handshake_keeps_no_state_between_datagrams()
    {
        // A second ServerHandshake with the same keys accepts the first one's cookie: nothing was remembered.
        var retry = Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, []), Address, Port, 0);
        var cookie = RetryIn(retry.Reply!).Cookie;
        Assert.Equal(HandshakeAction.Accept, new ServerHandshake(_cookies).Evaluate(DatagramCodec.EncodeInitial(Cid, cookie.Span), Address, Port, 0).Action);
    }

    [Fact]
    public void A_cookie_from_another_address_gets_a_fresh_retry_not_a_session()
    {
        var cookie = _cookies.Create([10, 9, 9, 9], Port, Cid, 0);
        var decision = Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, cookie), Address, Port, 0);
        Assert.Equal(HandshakeAction.Reply, decision.Action);
        Assert.True(decision.CookieRejected);
        Assert.True(_cookies.IsValid(RetryIn(decision.Reply!).Cookie.Span, Address, Port, Cid, 0));
    }

    [Fact]
    public void An_expired_cookie_gets_a_fresh_retry()
    {
        var cookie = _cookies.Create(Address, Port, Cid, 0);
        var decision = Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, cookie), Address, Port, 60_000_000);
        Assert.Equal(HandshakeAction.Reply, decision.Action);
        Assert.True(decision.CookieRejected);
    }

    [Fact]
    public void A_cookie_for_another_connection_id_is_not_accepted()
    {
        var cookie = _cookies.Create(Address, Port, Cid + 1, 0);
        Assert.Equal(HandshakeAction.Reply, Handshake.Evaluate(DatagramCodec.EncodeInitial(Cid, cookie), Address, Port, 0).Action);
    }

    [Fact]
    public void Plain_text_is_handed_back_to_the_door()
    {
        Assert.Equal(HandshakeAction.NotProtocol, Handshake.Evaluate("hello\n"u8, Address, Port, 0).Action);
    }

    [Fact]
    public void Short_initials_and_malformed_datagrams_are_dropped_with_the_reason()
    {
        var initial = DatagramCodec.EncodeInitial(Cid, []);
        var decision = Handshake.Evaluate(initial.AsSpan(0, 600), Address, Port, 0);
        Assert.Equal(HandshakeAction.Drop, decision.Action);
        Assert.Equal(DecodeError.BadShape, decision.Error);
        Assert.Equal(DecodeError.TooShort, Handshake.Evaluate(initial.AsSpan(0, 10), Address, Port, 0).Error);
    }

    [Fact]
    public void A_data_packet_for_an_unknown_session_gets_a_stateless_close_but_a_close_gets_nothing()
    {
        var ping = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, Cid, 3), [new PingFrame()]));
        var decision = Handshake.Evaluate(ping, Address, Port, 0);
        // 23 bytes in allows 69 out; the CLOSE is 44.
        Assert.Equal(HandshakeAction.Reply, decision.Action);
        Assert.True(DatagramCodec.TryDecode(decision.Reply, out var packet, out _));
        var close = Assert.IsType<CloseFrame>(Assert.Single(packet.Frames));
        Assert.Equal(CloseCode.UnknownConnection, close.Code);
        Assert.Equal(Cid, packet.Header.ConnectionId);

        var theirClose = DatagramCodec.EncodeClose(Cid, 9, CloseCode.Normal, "");
        Assert.Equal(HandshakeAction.Drop, Handshake.Evaluate(theirClose, Address, Port, 0).Action);
        var retry = DatagramCodec.EncodeRetry(Cid, [1]);
        Assert.Equal(HandshakeAction.Drop, Handshake.Evaluate(retry, Address, Port, 0).Action);
    }

    [Fact]
    public void No_reply_ever_exceeds_three_times_the_datagram_it_answers()
    {
        // Every prefix of an INITIAL and of DATA packets of every size, plus random protocol datagrams.
        var random = new Random(3);
        var inputs = new List<byte[]>();
        var initial = DatagramCodec.EncodeInitial(Cid, []);
        for (var length = 0; length <= initial.Length; length++)
        {
            inputs.Add(initial[..length]);
        }
        for (var padding = 0; padding < 100; padding++)
        {
            var frames = new List<Frame> { new PingFrame() };
            if (padding > 0)
            {
                frames.Add(new PaddingFrame(padding));
            }
            inputs.Add(DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, Cid, 0), frames)));
        }
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(FrameSizes.Header, UdpLimits.MaxDatagramSize + 1)];
            random.NextBytes(bytes);
            DatagramCodec.Magic.CopyTo(bytes);
            bytes[4] = 1;
            inputs.Add(bytes);
        }
        var replies = 0;
        foreach (var input in inputs)
        {
            var decision = Handshake.Evaluate(input, Address, Port, 0);
            if (decision.Reply is { } reply)
            {
                replies++;
                Assert.True(reply.Length <= 3 * input.Length, $"{reply.Length} bytes in answer to {input.Length}");
            }
        }
        Assert.True(replies > 50);
    }
}
