using Parley.Protocol.Irc;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.History;

public sealed class JoinReplayTests
{
    private static HubHarness Harness(int lines = 3, Action<Parley.Server.Hosting.ServerOptions>? more = null) => new(o =>
    {
        o.History.ReplayLines = lines;
        more?.Invoke(o);
    });

    /// <summary>Alice (joining #room first, so its operator) says m0..m(n-1) there, one a second, each committed as the
    /// hub would at the end of its batch.</summary>
    private static TestClient Say(HubHarness h, int count, TestClient? alice = null)
    {
        alice ??= h.Joined("alice", "#room");
        for (var i = 0; i < count; i++)
        {
            alice.Send($"PRIVMSG #room :m{i}");
            h.Hub.EndOfBatch();
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }
        return alice;
    }

    [Fact]
    public void A_joiner_gets_the_latest_lines_after_the_names_burst_with_their_original_time()
    {
        var h = Harness();
        Say(h, 5);
        var bob = h.Connect("bob", "server-time");
        bob.Send("JOIN #room");
        var burst = bob.Drain();
        var end = burst.FindIndex(m => m.Command == Numerics.RPL_ENDOFNAMES);
        var replayed = burst[(end + 1)..];
        Assert.Equal(["m2", "m3", "m4"], replayed.Select(m => m.Parameters[1]));
        Assert.All(replayed, m => Assert.StartsWith("alice!", m.Source));
        Assert.Equal("2026-01-01T12:00:02.000Z", replayed[0].Tag("time"));
    }

    [Fact]
    public void A_joiner_with_batch_gets_them_in_a_chathistory_batch()
    {
        var h = Harness();
        Say(h, 2);
        var bob = h.Connect("bob", "batch", "message-tags", "server-time");
        bob.Send("JOIN #room");
        var burst = bob.Drain();
        var opening = burst.Single(m => m.Command == "BATCH" && m.Parameters[0].StartsWith('+'));
        Assert.Equal(["chathistory", "#room"], opening.Parameters.Skip(1));
        var reference = opening.Parameters[0][1..];
        Assert.Equal(["m0", "m1"], burst.Where(m => m.Tag("batch") == reference).Select(m => m.Parameters[1]));
        Assert.Equal("-" + reference, burst[^1].Parameters[0]);
    }

    [Fact]
    public void A_client_with_chathistory_gets_no_replay()
    {
        var h = Harness();
        Say(h, 2);
        var bob = h.Connect("bob", "draft/chathistory", "batch");
        bob.Send("JOIN #room");
        Assert.DoesNotContain(bob.Drain(), m => m.Command is "PRIVMSG" or "BATCH");
    }

    [Fact]
    public void Room_mode_Q_turns_replay_off_for_that_room()
    {
        var h = Harness();
        var alice = Say(h, 2);
        alice.Send("MODE #room +Q");
        Assert.Equal(["#room", "+Q"], alice.Drain().Only("MODE").Parameters);
        var bob = h.Connect("bob");
        bob.Send("JOIN #room");
        Assert.DoesNotContain(bob.Drain(), m => m.Command == "PRIVMSG");
        alice.Send("MODE #room -Q");
        var carol = h.Connect("carol");
        carol.Send("JOIN #room");
        Assert.Equal(2, carol.Drain().Count(m => m.Command == "PRIVMSG"));
    }

    [Fact]
    public void Zero_replay_lines_turn_replay_off()
    {
        var h = Harness(lines: 0);
        Say(h, 2);
        var bob = h.Connect("bob");
        bob.Send("JOIN #room");
        Assert.DoesNotContain(bob.Drain(), m => m.Command == "PRIVMSG");
    }

    [Fact]
    public void Only_messages_younger_than_the_replay_age_are_replayed()
    {
        var h = Harness(lines: 10, o => o.History.ReplayMaxAgeMinutes = 1);
        var alice = Say(h, 2);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Say(h, 1, alice);
        var bob = h.Connect("bob");
        bob.Send("JOIN #room");
        Assert.Equal(["m0"], bob.Drain().Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]));
    }

    [Fact]
    public void A_plain_text_user_sees_recent_lines_with_their_time_when_joining()
    {
        var h = Harness(more: o => o.DefaultRoom = "#room");
        Say(h, 2);
        var plain = h.ConnectPlain(drain: false);
        var lines = plain.DrainLines();
        var header = lines.IndexOf("Recent messages in #room (times in UTC):");
        Assert.True(header >= 0, string.Join("\n", lines));
        Assert.Equal(["[12:00] <alice> m0", "[12:00] <alice> m1", "You are in #room: what you type goes there."],
            lines[(header + 1)..(header + 4)]);
    }
}
