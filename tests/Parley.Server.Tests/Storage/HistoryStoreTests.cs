using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Storage;

public sealed class HistoryStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-history-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static HistoryEntry Entry(int i, string target = "#room") => new(
        $"id{i}", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + i), target, "alice!alice@127.0.0.1", null,
        "PRIVMSG", "#Room", $"message {i}", i % 2 == 0 ? "+draft/react=x" : "");

    [Fact]
    public void Committed_messages_are_in_the_file_after_it_is_reopened()
    {
        var path = Path.Combine(_root, "h.db");
        using (var db = SqliteDatabase.Open(path, create: true))
        using (var store = new SqliteHistoryStore(db))
        {
            for (var i = 0; i < 5; i++)
            {
                store.Append(Entry(i));
            }
            store.Commit();
            Assert.Equal(0, store.PendingCount);
        }
        using var again = SqliteDatabase.Open(path, create: false);
        using var reopened = new SqliteHistoryStore(again);
        var latest = reopened.Latest("#room", 3);
        Assert.Equal(["message 2", "message 3", "message 4"], latest.Select(e => e.Text));
        Assert.Equal(Entry(4), latest[^1]);
    }

    [Fact]
    public void Latest_includes_messages_not_yet_committed_and_keeps_targets_apart()
    {
        using var db = SqliteDatabase.OpenInMemory();
        using var store = new SqliteHistoryStore(db);
        store.Append(Entry(1));
        store.Append(Entry(2, "#other"));
        store.Commit();
        store.Append(Entry(3));
        Assert.Equal(["id1", "id3"], store.Latest("#room", 10).Select(e => e.MsgId));
        Assert.Equal(["id3"], store.Latest("#room", 1).Select(e => e.MsgId));
    }

    [Fact]
    public void A_relayed_message_is_appended_and_committed_when_the_batch_ends_before_anyone_is_flushed()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        var bob = h.Connect("bob");
        alice.Send("JOIN #Room");
        bob.Send("JOIN #room");
        alice.Send("@+draft/react=wave PRIVMSG #ROOM :hello there");
        bob.Send("PRIVMSG alice :psst");
        var store = (SqliteHistoryStore)h.Hub.Storage.History;
        Assert.Equal(2, store.PendingCount);

        h.Hub.EndOfBatch();

        Assert.Equal(0, store.PendingCount);
        var room = Assert.Single(store.Latest(HistoryTargets.Room("#room"), 10));
        Assert.Equal(("PRIVMSG", "#Room", "hello there", "+draft/react=wave"), (room.Command, room.To, room.Text, room.ClientTags));
        Assert.StartsWith("alice!", room.Sender, StringComparison.Ordinal);
        var direct = Assert.Single(store.Latest(HistoryTargets.Conversation("alice", "bob"), 10));
        Assert.Equal(direct, Assert.Single(store.Latest(HistoryTargets.Conversation("BOB", "Alice"), 10)));
    }

    [Fact]
    public void Nothing_is_kept_when_history_is_off()
    {
        var h = new HubHarness(o => o.History.Enabled = false);
        var alice = h.Connect("alice");
        alice.Send("JOIN #room");
        alice.Send("PRIVMSG #room :hello");
        h.Hub.EndOfBatch();
        Assert.Empty(h.Hub.Storage.History.Latest("#room", 10));
    }
}
