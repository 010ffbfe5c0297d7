using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Parley.Protocol.Udp.Wire;
using Parley.Server.Doors.Udp;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Udp;

/// <summary>The UDP door before any session exists, over real loopback sockets: the stateless retry, cookies that are
/// good only for the address, port and id they were made for, and the 3x amplification bound counted byte by byte.</summary>
public sealed class UdpHandshakeTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    private UdpDoor Door => _server.UdpDoor();

    public async ValueTask InitializeAsync() => _server = await UdpServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact(Timeout = 20_000)]
    public async Task A_cookie_echoed_from_the_same_address_creates_exactly_one_session()
    {
        using var peer = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        var id = NewId();

        peer.Send(DatagramCodec.EncodeInitial(id, []));
        var retry = Decode(await peer.ReceiveAsync());
        Assert.Equal(new PacketHeader(PacketType.Retry, id, 0), retry.Header);
        var cookie = Assert.IsType<RetryFrame>(Assert.Single(retry.Frames)).Cookie;
        Assert.Equal(0, await _server.SessionCountAsync());
        Assert.Equal(0, Door.Counters.ActiveSessions);

        var initial = DatagramCodec.EncodeInitial(id, cookie.Span);
        peer.Send(initial);
        var accepted = Decode(await peer.ReceiveAsync());
        Assert.Equal(PacketType.Data, accepted.Header.Type);
        Assert.Equal(id, accepted.Header.ConnectionId);
        Assert.Contains(accepted.Frames, f => f is AcceptFrame);
        await UdpServer.EventuallyAsync(async () => await _server.SessionCountAsync() == 1, "the session in the hub");

        // As far as the server knows, the client has not seen ACCEPT: a repeated INITIAL gets it again, never a second session.
        peer.Send(initial);
        peer.Send(initial);
        Assert.Contains(Decode(await peer.ReceiveAsync()).Frames, f => f is AcceptFrame);
        await peer.ReceiveAsync();
        Assert.Equal(1, await _server.SessionCountAsync());
        Assert.Equal(1, Door.Counters.SessionsAccepted);
        Assert.Equal(1, Door.Counters.ActiveSessions);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_cookie_is_good_only_for_the_address_port_and_connection_id_it_was_made_for()
    {
        using var alice = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        using var mallory = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        var id = NewId();
        alice.Send(DatagramCodec.EncodeInitial(id, []));
        var cookie = ((RetryFrame)Decode(await alice.ReceiveAsync()).Frames[0]).Cookie.ToArray();

        mallory.Send(DatagramCodec.EncodeInitial(id, cookie)); // another port: a fresh RETRY, no session
        var toMallory = Decode(await mallory.ReceiveAsync());
        alice.Send(DatagramCodec.EncodeInitial(id + 1, cookie)); // another id
        var otherId = Decode(await alice.ReceiveAsync());
        var forged = cookie.ToArray();
        forged[0] ^= 1;
        alice.Send(DatagramCodec.EncodeInitial(id, forged)); // forged
        var toForged = Decode(await alice.ReceiveAsync());

        Assert.All([toMallory, otherId, toForged], p => Assert.Equal(PacketType.Retry, p.Header.Type));
        Assert.NotEqual(cookie, ((RetryFrame)toMallory.Frames[0]).Cookie.ToArray());
        Assert.Equal(0, await _server.SessionCountAsync());
        Assert.Equal(0, Door.Counters.SessionsAccepted);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_flood_of_initials_from_one_address_is_answered_without_keeping_any_state()
    {
        using var peer = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        var sent = new HashSet<ulong>();
        var answered = new List<byte[]>();
        for (var batch = 0; batch < 6; batch++)
        {
            // In batches, so the answers never overflow our socket's receive buffer.
            for (var i = 0; i < 50; i++)
            {
                var id = NewId();
                sent.Add(id);
                peer.Send(DatagramCodec.EncodeInitial(id, i % 2 == 0 ? [] : RandomNumberGenerator.GetBytes(32)));
            }
            await UdpServer.EventuallyAsync(() => Door.Counters.RetriesSent == sent.Count, $"{sent.Count} RETRYs");
            answered.AddRange(peer.TakeWaiting());
        }

        Assert.Equal(300, answered.Count);
        Assert.All(answered, d => Assert.Equal(56, d.Length));
        Assert.Equal(sent, answered.Select(d => Decode(d).Header.ConnectionId).ToHashSet());
        Assert.Equal(0, await _server.SessionCountAsync());
        Assert.Equal(0, Door.Counters.ActiveSessions);
        Assert.Equal(0, Door.Counters.SessionsAccepted);
    }

    [Fact(Timeout = 20_000)]
    public async Task An_unvalidated_address_never_gets_back_more_than_three_times_what_it_sent()
    {
        using var peer = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        var unknown = NewId();
        var ping = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, unknown, 3), [new PingFrame()]));
        var script = new List<(string What, byte[] Datagram, int Reply)>
        {
            ("an INITIAL: a RETRY", DatagramCodec.EncodeInitial(NewId(), []), 56),
            ("DATA of an unknown session: CLOSE(UnknownConnection)", ping, 44),
            ("a CLOSE of an unknown session: never answered", DatagramCodec.EncodeClose(unknown, 4, CloseCode.Normal, ""), 0),
            ("a RETRY sent to the server: dropped", DatagramCodec.EncodeRetry(unknown, new byte[32]), 0),
        };
        // Plain text: the 16-byte challenge only while the ledger allows (sent + 16 <= 3 x received). The rule is played
        // here on short datagrams, so most of them must stay unanswered.
        var random = new Random(7);
        long received = 0, answeredPlain = 0;
        for (var i = 0; i < 40; i++)
        {
            var text = new string((char)('a' + random.Next(26)), random.Next(0, 4)) + "\n";
            received += text.Length;
            var allowed = answeredPlain + 16 <= 3 * received;
            answeredPlain += allowed ? 16 : 0;
            script.Add(($"plain line {i} ({text.Length} bytes)", Encoding.ASCII.GetBytes(text), allowed ? 16 : 0));
        }

        long bytesBack = 0;
        foreach (var (what, datagram, reply) in script)
        {
            var before = Outcomes();
            peer.Send(datagram);
            // The door answers before it counts, so once counted, any answer is already in our socket.
            await UdpServer.EventuallyAsync(() => Outcomes() == before + 1, what);
            var back = peer.TakeWaiting();
            Assert.True(back.Sum(d => d.Length) == reply, $"{what}: expected {reply} bytes back, got [{string.Join(", ", back.Select(d => d.Length))}]");
            bytesBack += back.Sum(d => d.Length);
        }

        Assert.True(bytesBack <= 3 * peer.BytesSent, $"{bytesBack} bytes sent back for {peer.BytesSent} received");
        Assert.True(answeredPlain > 0 && answeredPlain < 40 * 16, "the script plays both sides of the plain rule");
        Assert.Equal(0, await _server.SessionCountAsync());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_five_letter_first_line_gets_the_code_and_a_two_letter_one_does_not_yet()
    {
        using var hello = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        using var hi = new RawUdpPeer(_server.UdpEndPoint(), TestContext.Current.CancellationToken);
        hello.Send("hello\n"u8);
        hi.Send("hi\n"u8);

        var challenge = Encoding.ASCII.GetString(await hello.ReceiveAsync());
        Assert.Matches("^code: [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\n$", challenge);
        Assert.Null(await hi.TryReceiveAsync(TimeSpan.FromMilliseconds(300)));
        hi.Send("there\n"u8);
        Assert.StartsWith("code: ", Encoding.ASCII.GetString(await hi.ReceiveAsync()), StringComparison.Ordinal);
        Assert.Equal(0, Door.Counters.ActivePlainSessions);
    }

    private long Outcomes()
    {
        var c = Door.Counters;
        return c.RetriesSent + c.StatelessClosesSent + c.Unexpected + c.Malformed + c.ChallengesSent + c.ChallengesWithheld;
    }

    private static ulong NewId() => BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    private static Packet Decode(byte[] datagram)
    {
        Assert.True(DatagramCodec.TryDecode(datagram, out var packet, out var error), $"the server sent a datagram that does not decode: {error}");
        return packet;
    }
}
