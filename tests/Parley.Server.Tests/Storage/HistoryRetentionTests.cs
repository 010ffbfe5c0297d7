using Parley.Server.Storage;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Storage;

public sealed class HistoryRetentionTests
{
    private static readonly string[] Caps = ["draft/chathistory", "batch"];

    private static List<string> History(HubHarness h, TestClient reader, string room = "#room")
    {
        reader.Drain();
        reader.Send($"CHATHISTORY LATEST {room} * 1000");
        return reader.Drain().Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]).ToList();
    }

    private static void Say(HubHarness h, TestClient alice, string text, string room = "#room")
    {
        alice.Send($"PRIVMSG {room} :{text}");
        h.Hub.EndOfBatch();
    }

    [Fact]
    public void Messages_older_than_the_maximum_age_are_deleted_by_the_periodic_tick()
    {
        var h = new HubHarness(o => o.History.MaxAgeDays = 2);
        var alice = h.Joined("alice", "#room", Caps);
        Say(h, alice, "old");
        h.Time.Advance(TimeSpan.FromDays(1));
        Say(h, alice, "newer");
        h.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        h.Hub.Tick();
        Assert.Equal(["newer"], History(h, alice));
        h.Time.Advance(TimeSpan.FromDays(1));
        h.Hub.Tick();
        Assert.Empty(History(h, alice));
    }

    [Fact]
    public void A_target_keeps_only_its_newest_messages_up_to_the_maximum()
    {
        var h = new HubHarness(o => o.History.MaxMessagesPerTarget = 3);
        var alice = h.Joined("alice", "#room", Caps);
        alice.Send("JOIN #other");
        for (var i = 0; i < 6; i++)
        {
            Say(h, alice, $"m{i}");
        }
        Say(h, alice, "only", "#other");
        h.Hub.Tick();
        Assert.Equal(["m3", "m4", "m5"], History(h, alice));
        Assert.Equal(["only"], History(h, alice, "#other"));
    }

    [Fact]
    public void A_run_deletes_at_most_a_chunk_and_the_next_tick_goes_on_with_the_backlog()
    {
        var h = new HubHarness(o => o.History.MaxAgeDays = 1);
        var store = h.Hub.Storage.History;
        var start = h.Time.GetUtcNow();
        for (var i = 0; i < HistoryRetention.ChunkRows + 10; i++)
        {
            store.Append(new HistoryEntry($"x{i}", start, "#room", "a!a@h", null, "PRIVMSG", "#room", "t", ""));
        }
        store.Commit();
        h.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(HistoryRetention.ChunkRows, h.Hub.Retention.Tick(h.Time.GetUtcNow()));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, h.Hub.Retention.Tick(h.Time.GetUtcNow()));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Hub.Retention.Tick(h.Time.GetUtcNow())); // nothing left: the next run is a minute away
    }

    [Fact]
    public void Runs_wait_a_minute_between_them_when_there_is_no_backlog()
    {
        var h = new HubHarness(o => o.History.MaxMessagesPerTarget = 1);
        var alice = h.Joined("alice", "#room", Caps);
        h.Hub.Tick();
        Say(h, alice, "a");
        Say(h, alice, "b");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        h.Hub.Tick();
        Assert.Equal(["a", "b"], History(h, alice));
        h.Time.Advance(TimeSpan.FromSeconds(31));
        h.Hub.Tick();
        Assert.Equal(["b"], History(h, alice));
    }
}
