using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Udp;

/// <summary>A room shared by a TCP IRC client and two UDP clients whose datagrams cross a lossy, duplicating,
/// reordering relay: every message arrives exactly once and in order on every side, and nick changes, joins and quits
/// are seen across doors.</summary>
public sealed class MixedRoomOverLossyNetworkTests : IAsyncLifetime
{
    private const int MessagesEach = 30;

    private ParleyServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await UdpServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory(Timeout = 30_000)]
    [InlineData(0.05, 5)]
    [InlineData(0.20, 20)]
    public async Task Every_message_arrives_once_and_in_order_on_every_side(double loss, int seed)
    {
        var cancel = TestContext.Current.CancellationToken;
        var conditions = new RelayConditions(loss, Duplication: 0.02, Delay: TimeSpan.FromMilliseconds(1), Jitter: TimeSpan.FromMilliseconds(4));
        await using var relay = new LossyUdpRelay(_server.UdpEndPoint(), conditions, seed);
        var patience = TimeSpan.FromSeconds(20);
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#mix");
        var connecting = new[] { "bob", "carol" }.Select(n => UdpLineClient.RegisterAsync(relay.EndPoint, n, cancel, patience)).ToList();
        await using var bob = await connecting[0];
        await using var carol = await connecting[1];
        await bob.JoinAsync("#mix", patience);
        await carol.JoinAsync("#mix", patience);
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.Contains(" JOIN ", StringComparison.Ordinal), patience);
        await alice.ExpectAsync(l => l.StartsWith(":carol!", StringComparison.Ordinal) && l.Contains(" JOIN ", StringComparison.Ordinal), patience);
        await bob.ExpectAsync(l => l.StartsWith(":carol!", StringComparison.Ordinal) && l.Contains(" JOIN ", StringComparison.Ordinal), patience);

        // All three talk at once.
        var talking = new List<Task>
        {
            alice.SendAsync([.. Lines("alice")]),
            Task.Run(() => bob.Send([.. Lines("bob")]), cancel),
            Task.Run(() => carol.Send([.. Lines("carol")]), cancel),
        };
        await Task.WhenAll(talking);

        var heardByAlice = Said(await alice.ReadUntilAsync(HasHeardAll(["bob", "carol"]), patience));
        var heardByBob = Said(await bob.ReadUntilAsync(HasHeardAll(["alice", "carol"]), patience));
        var heardByCarol = Said(await carol.ReadUntilAsync(HasHeardAll(["alice", "bob"]), patience));
        // Anything left in flight (a duplicate the protocol failed to suppress) would arrive before the PONG.
        heardByAlice.AddRange(Said(await alice.SyncAsync(patience)));
        heardByBob.AddRange(Said(await bob.SyncAsync(patience)));
        heardByCarol.AddRange(Said(await carol.SyncAsync(patience)));

        AssertExactlyOnceInOrder(heardByAlice, ["bob", "carol"]);
        AssertExactlyOnceInOrder(heardByBob, ["alice", "carol"]);
        AssertExactlyOnceInOrder(heardByCarol, ["alice", "bob"]);

        bob.Send("NICK bobby");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.EndsWith("NICK bobby", StringComparison.Ordinal), patience);
        await carol.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.EndsWith("NICK bobby", StringComparison.Ordinal), patience);

        carol.Send("QUIT :off to lunch");
        await carol.ReadToEndAsync(patience); // the server closed the session
        await alice.ExpectAsync(l => l.StartsWith(":carol!", StringComparison.Ordinal) && l.EndsWith("QUIT :Quit: off to lunch", StringComparison.Ordinal), patience);
        await bob.ExpectAsync(l => l.StartsWith(":carol!", StringComparison.Ordinal) && l.EndsWith("QUIT :Quit: off to lunch", StringComparison.Ordinal), patience);
        await alice.SendAsync("QUIT :done");
        await bob.ExpectAsync(l => l.StartsWith(":alice!", StringComparison.Ordinal) && l.EndsWith("QUIT :Quit: done", StringComparison.Ordinal), patience);
        Assert.True(relay.Dropped > 0, "the relay lost nothing: the test did not test loss");
    }

    private static IEnumerable<string> Lines(string sender) =>
        Enumerable.Range(0, MessagesEach).Select(i => $"PRIVMSG #mix :{sender} {i}");

    /// <summary>"sender i" for each room message in <paramref name="lines"/>.</summary>
    private static List<(string Sender, int Index)> Said(IEnumerable<string> lines) =>
    [
        .. lines.Where(l => l.Contains(" PRIVMSG #mix :", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" PRIVMSG #mix :", StringComparison.Ordinal) + " PRIVMSG #mix :".Length)..].Split(' '))
            .Select(words => (words[0], int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture))),
    ];

    /// <summary>Matches the line that completes the last sender's messages; the whole read is checked afterwards.</summary>
    private static Func<string, bool> HasHeardAll(string[] senders)
    {
        var counts = senders.ToDictionary(s => s, _ => 0);
        return line =>
        {
            foreach (var (sender, _) in Said([line]))
            {
                if (counts.TryGetValue(sender, out var count))
                {
                    counts[sender] = count + 1;
                }
            }
            return counts.Values.All(c => c >= MessagesEach);
        };
    }

    private static void AssertExactlyOnceInOrder(List<(string Sender, int Index)> heard, string[] senders)
    {
        foreach (var sender in senders)
        {
            var indexes = heard.Where(h => h.Sender == sender).Select(h => h.Index).ToList();
            Assert.Equal(Enumerable.Range(0, MessagesEach), indexes);
        }
        Assert.All(heard, h => Assert.Contains(h.Sender, senders)); // nobody hears their own lines (no echo-message)
    }
}
