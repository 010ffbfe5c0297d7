using System.Text;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;
using Parley.Server.Doors.Udp;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Udp;

/// <summary>Established UDP sessions against an in-process server over real loopback sockets: bad datagrams are dropped,
/// counted and harmless, a protocol violation ends only the offender, QUIT and a client's CLOSE end a session at once on
/// both ends, a vanished client times out, and a server shutdown says goodbye.</summary>
public sealed class UdpSessionTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    private UdpDoor Door => _server.UdpDoor();

    public async ValueTask InitializeAsync() => _server = await UdpServer.StartAsync(o => o.Udp.SessionIdleTimeoutSeconds = 2);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact(Timeout = 20_000)]
    public async Task Malformed_truncated_oversized_replayed_and_foreign_datagrams_are_dropped_counted_and_harmless()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        await using var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);
        await bob.JoinAsync("#room");
        await alice.ExpectAsync(l => l.Contains("JOIN", StringComparison.Ordinal) && l.StartsWith(":bob!", StringComparison.Ordinal));
        using var stranger = new RawUdpPeer(_server.UdpEndPoint(), cancel);
        var id = bob.Session.ConnectionId;
        var before = Door.Counters;
        (long Malformed, long Duplicates, long Refused, long WrongAddress) start =
            (before.Malformed, before.Duplicates, before.RefusedBySession, before.WrongAddress);

        var fragment = Data(id, 5000, new FragmentFrame(1000, 0, 1, "PRIVMSG #room :out of window"u8.ToArray()));
        var oversized = new byte[1500];
        Data(id, 5001, new PingFrame()).CopyTo(oversized, 0);
        var unknownFrame = Data(id, 5002, new PingFrame());
        unknownFrame[^1] = 0x99;
        // From bob's own address: five that do not decode, one replay of a packet number already received (with
        // different content: it must not be delivered), one fragment far outside the window.
        bob.Session.SendRaw(DatagramCodec.Magic.ToArray().Concat(new byte[6]).ToArray()); // shorter than a header
        var otherVersion = Data(id, 5003, new PingFrame());
        otherVersion[4] = 2;
        bob.Session.SendRaw(otherVersion);
        bob.Session.SendRaw(fragment.AsSpan(0, fragment.Length - 5)); // truncated inside the fragment
        bob.Session.SendRaw(oversized);
        bob.Session.SendRaw(unknownFrame);
        bob.Session.SendRaw(Data(id, 0, new FragmentFrame(0, 0, 1, "PRIVMSG #room :injected"u8.ToArray())));
        bob.Session.SendRaw(fragment);
        // From another address, with bob's connection id: neither a CLOSE nor an INITIAL may touch bob's session.
        stranger.Send(DatagramCodec.EncodeClose(id, 9, CloseCode.Normal, "spoofed"));
        stranger.Send(DatagramCodec.EncodeInitial(id, []));

        var expected = (start.Malformed + 5, start.Duplicates + 1, start.Refused + 1, start.WrongAddress + 2);
        await UdpServer.EventuallyAsync(() => Counted() == expected, $"the drops counted: expected {expected}, have {Counted()}");

        bob.Send("PRIVMSG #room :still here");
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #room :still here", StringComparison.Ordinal));
        await alice.SendAsync("PRIVMSG #room :hello bob");
        await bob.ExpectAsync(l => l.EndsWith("PRIVMSG #room :hello bob", StringComparison.Ordinal));
        var seen = await alice.SyncAsync();
        Assert.DoesNotContain(seen, l => l.Contains("injected", StringComparison.Ordinal) || l.Contains("out of window", StringComparison.Ordinal));
        Assert.Null(await stranger.TryReceiveAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(expected, Counted());
        Assert.Equal(2, await _server.SessionCountAsync());
        Assert.Null(bob.Session.Closed);

        (long, long, long, long) Counted()
        {
            var c = Door.Counters;
            return (c.Malformed, c.Duplicates, c.RefusedBySession, c.WrongAddress);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_that_breaks_the_protocol_is_closed_and_its_room_is_told_why()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        await using var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);
        await bob.JoinAsync("#room");
        await using var carol = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "carol", cancel);
        await carol.JoinAsync("#room");

        // A well-formed packet that acknowledges a packet the server never sent.
        bob.Session.SendRaw(Data(bob.Session.ConnectionId, 6000, new AckFrame(0, [new AckRange(1_000_000, 1_000_000)])));

        var quit = await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.Contains(" QUIT ", StringComparison.Ordinal));
        Assert.Contains("Protocol violation", quit, StringComparison.Ordinal);
        await bob.ReadToEndAsync();
        Assert.Equal(CloseCode.ProtocolViolation, bob.Session.Closed?.Code);
        Assert.True(bob.Session.Closed?.ByPeer);
        carol.Send("PRIVMSG #room :still unharmed");
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #room :still unharmed", StringComparison.Ordinal));
    }

    [Fact(Timeout = 20_000)]
    public async Task QUIT_closes_the_session_at_once_on_both_ends()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        await using var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);
        await bob.JoinAsync("#room");

        bob.Send("QUIT :see you");

        // Well within any timeout: the server's CLOSE follows its ERROR line.
        var lines = await bob.ReadToEndAsync(TimeSpan.FromSeconds(3));
        Assert.StartsWith("ERROR :", lines[^1], StringComparison.Ordinal);
        Assert.Equal(new ClosedEvent(CloseCode.Normal, "closed by the server", ByPeer: true), bob.Session.Closed);
        Assert.EndsWith("QUIT :Quit: see you", await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal)), StringComparison.Ordinal);
        await UdpServer.EventuallyAsync(() => Door.Counters.ActiveSessions == 0, "the server forgetting the session");
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_that_closes_without_QUIT_leaves_at_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);
        await bob.JoinAsync("#room");

        await bob.Session.CloseAsync(CloseCode.Normal, "bye", TimeSpan.FromSeconds(3));

        Assert.Equal(ConnectionState.Closed, bob.Session.State); // the server answered the CLOSE
        Assert.EndsWith("QUIT :Connection closed", await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal)), StringComparison.Ordinal);
        await bob.DisposeAsync();
    }

    [Fact(Timeout = 20_000)]
    public async Task A_vanished_client_times_out_and_its_room_sees_a_QUIT_with_the_reason_while_a_quiet_one_stays()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        await using var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);
        await bob.JoinAsync("#room");
        await using var carol = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "carol", cancel);
        await carol.JoinAsync("#room");

        bob.Abort(); // no CLOSE, no QUIT: gone

        // The server's idle timeout is 2 s here; carol says nothing all along, but her session acknowledges keepalives.
        var quit = await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal), TimeSpan.FromSeconds(8));
        Assert.StartsWith(":bob!", quit, StringComparison.Ordinal);
        Assert.EndsWith("QUIT :Ping timeout: 2 seconds", quit, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        await alice.SendAsync("PRIVMSG #room :carol, still there?");
        await carol.ExpectAsync(l => l.EndsWith(":carol, still there?", StringComparison.Ordinal));
        Assert.Null(carol.Session.Closed);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_server_shutdown_says_goodbye_and_closes_UDP_sessions()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var bob = await UdpLineClient.RegisterAsync(_server.UdpEndPoint(), "bob", cancel);

        await _server.StopAsync();

        var lines = await bob.ReadToEndAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("ERROR :Server shutting down", lines[^1]);
        Assert.Equal(CloseCode.ServerShutdown, bob.Session.Closed?.Code);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_replayed_INITIAL_after_its_session_ended_opens_nothing()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var peer = new RawUdpPeer(_server.UdpEndPoint(), cancel);
        var id = 0x0123456789ABCDEFUL;
        peer.Send(DatagramCodec.EncodeInitial(id, []));
        DatagramCodec.TryDecode(await peer.ReceiveAsync(), out var retry, out _);
        var initial = DatagramCodec.EncodeInitial(id, ((RetryFrame)retry!.Frames[0]).Cookie.Span);
        peer.Send(initial);
        await peer.ReceiveAsync(); // ACCEPT
        await UdpServer.EventuallyAsync(async () => await _server.SessionCountAsync() == 1, "the session");
        // Acknowledge the ACCEPT (a round-trip sample keeps the server's draining short), then close.
        peer.Send(Data(id, 0, new AckFrame(0, [new AckRange(0, 0)])));
        peer.Send(Data(id, 1, new CloseFrame(CloseCode.Normal, "")));
        await UdpServer.EventuallyAsync(() => Door.Counters.ActiveSessions == 0, "the session drained and forgotten");

        peer.Send(initial); // the cookie is still within its lifetime

        await UdpServer.EventuallyAsync(() => Door.Counters.ReplayedHandshakes == 1, "the replay counted");
        Assert.Equal(0, await _server.SessionCountAsync());
        Assert.Equal(1, Door.Counters.SessionsAccepted);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_that_never_acknowledges_is_cut_off_with_SendQ_exceeded_and_nobody_else_waits()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await UdpServer.StartAsync(o => o.Limits.SendQueueBytes = 16 * 1024);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await alice.JoinAsync("#room");
        using var slow = new RawUdpPeer(server.UdpEndPoint(), cancel);
        var id = 0x5105105105105105UL;
        slow.Send(DatagramCodec.EncodeInitial(id, []));
        DatagramCodec.TryDecode(await slow.ReceiveAsync(), out var retry, out _);
        slow.Send(DatagramCodec.EncodeInitial(id, ((RetryFrame)retry!.Frames[0]).Cookie.Span));
        // Registers and joins in one packet, then never acknowledges anything.
        slow.Send(Data(id, 0,
            new FragmentFrame(0, 0, 1, "NICK slow"u8.ToArray()),
            new FragmentFrame(1, 0, 1, "USER slow 0 * :slow"u8.ToArray()),
            new FragmentFrame(2, 0, 1, "JOIN #room"u8.ToArray())));
        await alice.ExpectAsync(l => l.StartsWith(":slow!", StringComparison.Ordinal) && l.Contains(" JOIN ", StringComparison.Ordinal));

        // The session's 256 KiB of unacknowledged messages, then the hub's 16 KiB queue, then the cut.
        var text = new string('x', 400);
        for (var batch = 0; batch < 8; batch++)
        {
            await alice.SendAsync([.. Enumerable.Range(0, 100).Select(i => $"PRIVMSG #room :{batch} {i} {text}")]);
        }

        var quit = await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal));
        Assert.Equal(":slow!~slow@127.0.0.1 QUIT :SendQ exceeded", quit);
        await alice.SyncAsync(); // alice was served all along
        Assert.Equal(1, await server.SessionCountAsync());
    }

    private static byte[] Data(ulong id, ulong packetNumber, params Frame[] frames) =>
        DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, id, packetNumber), frames));
}
