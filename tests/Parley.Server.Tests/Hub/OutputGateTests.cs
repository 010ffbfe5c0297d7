using System.Net;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

/// <summary>The output gate: nothing a batch relayed reaches a connection before the batch's history is committed.</summary>
public sealed class OutputGateTests
{
    [Fact]
    public void No_connection_is_flushed_before_the_messages_it_was_given_are_committed()
    {
        var h = new HubHarness();
        var probes = Enumerable.Range(0, 3).Select(i => Register(h, $"user{i}")).ToList();
        foreach (var probe in probes)
        {
            probe.Send("JOIN #room");
        }
        h.Hub.EndOfBatch();

        // Several batches, each relaying messages from everyone, to the room and privately.
        for (var batch = 0; batch < 4; batch++)
        {
            foreach (var probe in probes)
            {
                probe.Send($"PRIVMSG #room :batch {batch} from {probe.Nick}");
                probe.Send($"PRIVMSG user0 :batch {batch} privately from {probe.Nick}");
            }
            Assert.All(probes, p => Assert.Equal(0, p.FlushesWithUncommittedText));
            h.Hub.EndOfBatch();
        }

        // Per batch: 3 room messages to 2 others each, and 2 private ones to user0.
        Assert.Equal(4 * (3 * 2 + 2), probes.Sum(p => p.RelayedLinesChecked));
        Assert.All(probes, p => Assert.Equal(0, p.FlushesWithUncommittedText));
    }

    [Fact]
    public void When_the_commit_fails_nothing_is_flushed_and_the_held_output_goes_out_once_it_succeeds()
    {
        var h = new HubHarness();
        var alice = Register(h, "alice");
        var bob = Register(h, "bob");
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        h.Hub.EndOfBatch();
        var database = h.Hub.Storage.Database;
        // A table the insert cannot find stands in for a full disk: SQLite refuses the transaction.
        database.Execute("ALTER TABLE messages RENAME TO messages_away");

        alice.Send("PRIVMSG #room :held back");
        var flushes = bob.Flushes;
        h.Hub.EndOfBatch();
        h.Hub.EndOfBatch();
        Assert.Equal(flushes, bob.Flushes);
        Assert.Contains(bob.Queued, l => l.EndsWith(":held back", StringComparison.Ordinal));

        database.Execute("ALTER TABLE messages_away RENAME TO messages");
        h.Hub.EndOfBatch();
        Assert.Equal(flushes + 1, bob.Flushes);
        Assert.Equal(0, bob.FlushesWithUncommittedText);
        Assert.Equal(["held back"], h.Hub.Storage.History.Latest("#room", 10).Select(e => e.Text));
    }

    private static GateProbe Register(HubHarness h, string nick)
    {
        var probe = new GateProbe(h.Hub, nick);
        probe.Session = h.Hub.Connect(probe, IrcWireFormat.Instance);
        probe.Send($"NICK {nick}");
        probe.Send($"USER {nick} 0 * :{nick}");
        h.Hub.EndOfBatch();
        return probe;
    }

    /// <summary>A transport that, whenever it is flushed, checks that every PRIVMSG text queued since the last flush is
    /// already committed to the history table.</summary>
    private sealed class GateProbe(ChatHub hub, string nick) : ISessionTransport
    {
        private readonly List<string> _sinceFlush = [];

        public string Nick { get; } = nick;

        public Session? Session { get; set; }

        public List<string> Queued { get; } = [];

        public int Flushes { get; private set; }

        public int FlushesWithUncommittedText { get; private set; }

        public int RelayedLinesChecked { get; private set; }

        public string RemoteEndPoint => "127.0.0.1:0";

        public string Host => "127.0.0.1";

        public IPAddress? Address => IPAddress.Loopback;

        public void Send(string line) => hub.Receive(Session!, IrcParser.Parse(line)!, IrcParseError.None);

        public bool TrySend(ReadOnlyMemory<byte> bytes)
        {
            foreach (var line in Encoding.UTF8.GetString(bytes.Span).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
            {
                Queued.Add(line);
                _sinceFlush.Add(line);
            }
            return true;
        }

        public void Flush()
        {
            Flushes++;
            foreach (var line in _sinceFlush)
            {
                var message = IrcParser.Parse(line)!;
                if (message.Command != "PRIVMSG" || message.Source == Session?.Mask)
                {
                    continue;
                }
                RelayedLinesChecked++;
                using var connection = hub.Storage.Database.OpenConnection();
                using var query = connection.CreateCommand();
                query.CommandText = "SELECT count(*) FROM messages WHERE text = $text";
                query.Parameters.AddWithValue("$text", message.Parameters[^1]);
                if ((long)query.ExecuteScalar()! != 1)
                {
                    FlushesWithUncommittedText++;
                }
            }
            _sinceFlush.Clear();
        }

        public bool HasPeerHungUp() => false;

        public void Close()
        {
        }
    }
}
