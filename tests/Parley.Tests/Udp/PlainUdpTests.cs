using System.Text;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Udp;

/// <summary>`nc -u` users: a line gets the code, the code gets a plain-text session in #lobby, then lines are chat in the
/// same rooms as everyone else (docs/udp-protocol.md, section 12).</summary>
public sealed class PlainUdpTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await UdpServer.StartAsync(o => o.Udp.PlainIdleTimeoutSeconds = 2);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact(Timeout = 20_000)]
    public async Task A_line_gets_the_code_the_code_opens_the_session_then_lines_are_chat()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#lobby");
        using var nc = new RawUdpPeer(_server.UdpEndPoint(), cancel);

        nc.Send("hello\n"u8);
        var challenge = Text(await nc.ReceiveAsync());
        Assert.Matches("^code: ....-....\n$", challenge);
        Assert.Equal(0, await _server.SessionCountAsync() - 1); // only alice so far
        nc.Send(Encoding.ASCII.GetBytes(challenge["code: ".Length..].ToLowerInvariant())); // as typed, in any case

        var greeting = await ReadLinesUntilAsync(nc, l => l.StartsWith("You are in #lobby", StringComparison.Ordinal));
        Assert.StartsWith("Welcome to Parley", greeting[0], StringComparison.Ordinal);
        var join = await alice.ExpectAsync(l => l.Contains(" JOIN ", StringComparison.Ordinal));
        var guest = join[1..join.IndexOf('!', StringComparison.Ordinal)];
        Assert.StartsWith("Guest", guest, StringComparison.Ordinal);

        nc.Send("hi all\r\nsecond line\n"u8); // one datagram, two lines
        await alice.ExpectAsync(l => l == $":{guest}!~plain@127.0.0.1 PRIVMSG #lobby :hi all");
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #lobby :second line", StringComparison.Ordinal));
        await alice.SendAsync("PRIVMSG #lobby :hello plain");
        await ReadLinesUntilAsync(nc, l => l == "<alice> hello plain");

        nc.Send("/quit\n"u8);
        await ReadLinesUntilAsync(nc, l => l == "Goodbye.");
        await alice.ExpectAsync(l => l.StartsWith($":{guest}!", StringComparison.Ordinal) && l.Contains(" QUIT ", StringComparison.Ordinal) && l.EndsWith("Quit", StringComparison.Ordinal));
        await UdpServer.EventuallyAsync(() => _server.UdpDoor().Counters.ActivePlainSessions == 0, "the plain session forgotten");
        nc.Send("back again\n"u8);
        Assert.StartsWith("code: ", Text(await nc.ReceiveAsync()), StringComparison.Ordinal); // a new session needs a new proof
    }

    [Fact(Timeout = 20_000)]
    public async Task A_code_is_good_only_for_the_address_and_port_it_was_sent_to()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var alice = new RawUdpPeer(_server.UdpEndPoint(), cancel);
        using var mallory = new RawUdpPeer(_server.UdpEndPoint(), cancel);
        alice.Send("hello\n"u8);
        var code = Text(await alice.ReceiveAsync())["code: ".Length..];

        mallory.Send(Encoding.ASCII.GetBytes(code));

        var answer = Text(await mallory.ReceiveAsync());
        Assert.StartsWith("code: ", answer, StringComparison.Ordinal); // a challenge of its own, not a greeting
        Assert.NotEqual(code, answer["code: ".Length..]);
        Assert.Equal(0, _server.UdpDoor().Counters.PlainSessionsAccepted);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_silent_plain_user_times_out_and_the_room_sees_why()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#lobby");
        using var nc = new RawUdpPeer(_server.UdpEndPoint(), cancel);
        nc.Send("hello\n"u8);
        nc.Send((await nc.ReceiveAsync()).AsSpan("code: ".Length));
        await ReadLinesUntilAsync(nc, l => l.StartsWith("You are in #lobby", StringComparison.Ordinal));

        // The idle timeout is 2 s here (10 minutes by default).
        var quit = await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal), TimeSpan.FromSeconds(8));
        Assert.EndsWith("QUIT :Idle timeout: 2 seconds", quit, StringComparison.Ordinal);
    }

    private static string Text(byte[] datagram) => Encoding.UTF8.GetString(datagram);

    /// <summary>Reads datagrams, each one or more lines, until a line matches; returns the lines.</summary>
    private static async Task<List<string>> ReadLinesUntilAsync(RawUdpPeer peer, Func<string, bool> match)
    {
        var lines = new List<string>();
        while (true)
        {
            var datagram = Text(await peer.ReceiveAsync());
            Assert.EndsWith("\n", datagram, StringComparison.Ordinal); // whole lines only
            foreach (var line in datagram[..^1].Split('\n'))
            {
                lines.Add(line);
                if (match(line))
                {
                    return lines;
                }
            }
        }
    }
}
