using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests.Storage;

/// <summary>The store's queries against a real (in-memory) SQLite database.</summary>
public sealed class HistoryQueryTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly SqliteDatabase _db = SqliteDatabase.OpenInMemory();
    private readonly SqliteHistoryStore _store;

    public HistoryQueryTests() => _store = new SqliteHistoryStore(_db);

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
    }

    private static HistoryEntry Entry(int i, string target = "#room", int atMs = -1, string command = "PRIVMSG") => new(
        $"id{i}", Start.AddMilliseconds(atMs < 0 ? i * 10 : atMs), target, "alice!a@h", null, command, target, $"m{i}", "");

    /// <summary>Ten messages m0..m9 in #room, 10 ms apart, and a few elsewhere.</summary>
    private void Fill()
    {
        for (var i = 0; i < 10; i++)
        {
            _store.Append(Entry(i));
            _store.Append(Entry(100 + i, "#other", atMs: i * 10));
        }
        _store.Commit();
    }

    private static string[] Texts(IEnumerable<HistoryEntry> entries) => entries.Select(e => e.Text!).ToArray();

    private HistoryPosition At(int i) => _store.Locate("#room", $"id{i}")!.Value;

    [Fact]
    public void Range_without_bounds_gives_the_newest_or_the_oldest_oldest_first()
    {
        Fill();
        Assert.Equal(["m7", "m8", "m9"], Texts(_store.Range("#room", null, null, 3, newest: true)));
        Assert.Equal(["m0", "m1", "m2"], Texts(_store.Range("#room", null, null, 3, newest: false)));
        Assert.Equal(10, _store.Range("#room", null, null, 100, newest: true).Count);
    }

    [Fact]
    public void Msgid_bounds_exclude_the_message_itself()
    {
        Fill();
        Assert.Equal(["m4", "m5"], Texts(_store.Range("#room", null, At(6), 2, newest: true)));
        Assert.Equal(["m4", "m5", "m6"], Texts(_store.Range("#room", At(3), null, 3, newest: false)));
        Assert.Equal(["m2", "m3", "m4"], Texts(_store.Range("#room", At(1), At(5), 10, newest: false)));
    }

    [Fact]
    public void Timestamp_bounds_exclude_messages_of_that_moment()
    {
        Fill();
        var sixth = HistoryPosition.At(Start.AddMilliseconds(60));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], Texts(_store.Range("#room", null, sixth, 100, newest: true)));
        Assert.Equal(["m7", "m8", "m9"], Texts(_store.Range("#room", sixth, null, 100, newest: false)));
    }

    [Fact]
    public void Messages_of_the_same_millisecond_keep_one_order_for_paging_by_msgid()
    {
        for (var i = 0; i < 6; i++)
        {
            _store.Append(Entry(i, atMs: 5));
        }
        _store.Commit();
        var page1 = _store.Range("#room", null, null, 2, newest: true);
        var page2 = _store.Range("#room", null, At(4), 2, newest: true);
        var page3 = _store.Range("#room", null, At(2), 2, newest: true);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], Texts(page3.Concat(page2).Concat(page1)));
    }

    [Fact]
    public void Locate_knows_only_the_targets_own_messages()
    {
        Fill();
        Assert.NotNull(_store.Locate("#room", "id3"));
        Assert.Null(_store.Locate("#other", "id3"));
        Assert.Null(_store.Locate("#room", "nope"));
    }

    [Fact]
    public void Queries_return_only_privmsg_and_notice()
    {
        _store.Append(Entry(1));
        _store.Append(Entry(2, command: "TAGMSG") with { Text = null });
        _store.Append(Entry(3, command: "NOTICE"));
        _store.Commit();
        Assert.Equal(["m1", "m3"], Texts(_store.Range("#room", null, null, 10, newest: true)));
        Assert.Equal("m3", _store.Newest("#room")!.Text);
    }

    [Fact]
    public void Conversations_finds_a_nick_on_either_side_of_the_key_and_gives_each_ones_newest()
    {
        var ab = HistoryTargets.Conversation("alice", "bob");
        var ca = HistoryTargets.Conversation("carol", "alice");
        var bc = HistoryTargets.Conversation("bob", "carol");
        _store.Append(Entry(1, ab));
        _store.Append(Entry(2, ca));
        _store.Append(Entry(3, ab));
        _store.Append(Entry(4, bc));
        _store.Append(Entry(5, HistoryTargets.Conversation("alice2", "zed")));
        _store.Commit();
        Assert.Equal(["m2", "m3"], Texts(_store.Conversations("alice").OrderBy(e => e.Text)));
        Assert.Equal(["m2", "m4"], Texts(_store.Conversations("carol").OrderBy(e => e.Text)));
    }

    [Fact]
    public void Delete_removes_one_message_of_its_target()
    {
        Fill();
        Assert.False(_store.Delete("#other", "id4"));
        Assert.True(_store.Delete("#room", "id4"));
        Assert.False(_store.Delete("#room", "id4"));
        Assert.DoesNotContain("m4", Texts(_store.Range("#room", null, null, 100, newest: true)));
    }

    [Fact]
    public void DeleteOlderThan_removes_old_messages_in_chunks()
    {
        Fill(); // #room m0..m9 and #other m100..m109 at 0..90 ms
        var cutoff = Start.AddMilliseconds(50);
        Assert.Equal(4, _store.DeleteOlderThan(cutoff, 4));
        Assert.Equal(4, _store.DeleteOlderThan(cutoff, 4));
        Assert.Equal(2, _store.DeleteOlderThan(cutoff, 4));
        Assert.Equal(0, _store.DeleteOlderThan(cutoff, 4));
        Assert.Equal(["m5", "m6", "m7", "m8", "m9"], Texts(_store.Range("#room", null, null, 100, newest: true)));
        Assert.Equal(5, _store.Range("#other", null, null, 100, newest: true).Count);
    }

    [Fact]
    public void TrimTargets_keeps_the_newest_of_every_target_within_its_budget_per_call()
    {
        Fill();
        _store.Append(Entry(200, "#small"));
        _store.Commit();
        var total = 0;
        for (var call = 0; call < 10; call++)
        {
            var deleted = _store.TrimTargets(keep: 3, maxTargets: 1, maxRows: 4);
            Assert.InRange(deleted, 0, 4);
            total += deleted;
        }
        Assert.Equal(14, total);
        Assert.Equal(["m7", "m8", "m9"], Texts(_store.Range("#room", null, null, 100, newest: true)));
        Assert.Equal(["m107", "m108", "m109"], Texts(_store.Range("#other", null, null, 100, newest: true)));
        Assert.Equal(["m200"], Texts(_store.Range("#small", null, null, 100, newest: true)));
    }

    [Fact]
    public void HistoryPosition_orders_a_moment_before_its_messages()
    {
        Fill();
        var moment = HistoryPosition.At(Start.AddMilliseconds(30));
        Assert.True(moment.IsBefore(At(3)));
        Assert.False(At(3).IsBefore(moment));
        Assert.True(At(2).IsBefore(moment));
        Assert.True(At(3).IsBefore(At(4)));
    }
}
