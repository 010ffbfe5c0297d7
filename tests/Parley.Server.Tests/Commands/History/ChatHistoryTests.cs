using Parley.Protocol.Irc;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.History;

public sealed class ChatHistoryTests
{
    private static readonly string[] Caps = ["draft/chathistory", "batch", "message-tags", "server-time", "echo-message"];

    /// <summary>Alice (with chathistory) sends m0..m(n-1) to #room, 10 ms apart; returns their echoes.</summary>
    private static List<IrcMessage> Say(HubHarness h, TestClient alice, int count, string target = "#room")
    {
        var echoes = new List<IrcMessage>();
        for (var i = 0; i < count; i++)
        {
            alice.Send($"PRIVMSG {target} :m{i}");
            h.Hub.EndOfBatch();
            echoes.Add(alice.Drain().Only("PRIVMSG"));
            h.Time.Advance(TimeSpan.FromMilliseconds(10));
        }
        return echoes;
    }

    /// <summary>The texts of the PRIVMSGs in a chathistory batch, checking the batch's frame.</summary>
    private static List<string> Batch(TestClient client, string target)
    {
        var reply = client.Drain();
        Assert.True(reply.Count >= 2, string.Join(" | ", reply));
        Assert.Equal("BATCH", reply[0].Command);
        var reference = reply[0].Parameters[0][1..];
        Assert.Equal(["+" + reference, "chathistory", target], reply[0].Parameters);
        Assert.Equal(["-" + reference], reply[^1].Parameters);
        var inner = reply[1..^1];
        Assert.All(inner, m => Assert.Equal(reference, m.Tag("batch")));
        return inner.Select(m => m.Parameters[1]).ToList();
    }

    private static string Msgid(IrcMessage m) => m.Tag("msgid")!;

    private static string Time(IrcMessage m) => m.Tag("time")!;

    [Fact]
    public void The_capability_and_isupport_tokens_are_advertised()
    {
        var h = new HubHarness(o => o.History.MaxQueryLines = 50);
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        // CAP LS 302 may take several lines (a '*' before the last parameter marks all but the last).
        Assert.Contains("draft/chathistory", client.Drain().Where(m => m.Command == "CAP").SelectMany(m => m.Parameters[^1].Split(' ')));
        client.Send("NICK a");
        client.Send("USER a 0 * :a");
        client.Send("CAP END");
        var tokens = client.Drain().Where(m => m.Command == Numerics.RPL_ISUPPORT).SelectMany(m => m.Parameters).ToList();
        Assert.Contains("CHATHISTORY=50", tokens);
        Assert.Contains("MSGREFTYPES=msgid,timestamp", tokens);
    }

    [Fact]
    public void Latest_replays_a_rooms_messages_as_they_were_relayed_in_a_chathistory_batch()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        var bob = h.Joined("bob", "#room", Caps);
        alice.Send("@+draft/react=x PRIVMSG #Room :hello");
        h.Hub.EndOfBatch();
        var live = bob.Drain().Only("PRIVMSG");

        bob.Send("CHATHISTORY LATEST #ROOM * 10");
        var reply = bob.Drain();
        Assert.Equal(["BATCH", "PRIVMSG", "BATCH"], reply.Commands());
        var replayed = reply[1];
        Assert.Equal(live.Source, replayed.Source);
        Assert.Equal(live.Parameters, replayed.Parameters);
        Assert.Equal(live.Tags.Where(t => t.Key != "batch"), replayed.Tags.Where(t => t.Key != "batch"));
        Assert.Equal(["+" + replayed.Tag("batch"), "chathistory", "#ROOM"], reply[0].Parameters);
    }

    [Fact]
    public void Latest_before_and_after_follow_msgid_and_timestamp_references()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        var m = Say(h, alice, 10);
        var texts = m.Select(x => x.Parameters[1]).ToList();

        alice.Send("CHATHISTORY LATEST #room * 5");
        Assert.Equal(texts[5..], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY LATEST #room msgid={Msgid(m[4])} 20");
        Assert.Equal(texts[5..], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY LATEST #room timestamp={Time(m[4])} 20");
        Assert.Equal(texts[5..], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY BEFORE #room msgid={Msgid(m[6])} 20");
        Assert.Equal(texts[..6], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY BEFORE #room timestamp={Time(m[6])} 2");
        Assert.Equal(texts[4..6], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY AFTER #room msgid={Msgid(m[3])} 20");
        Assert.Equal(texts[4..], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY AFTER #room timestamp={Time(m[3])} 3");
        Assert.Equal(texts[4..7], Batch(alice, "#room"));
    }

    [Fact]
    public void Between_excludes_both_ends_and_runs_either_way()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        var m = Say(h, alice, 10);
        var texts = m.Select(x => x.Parameters[1]).ToList();

        alice.Send($"CHATHISTORY BETWEEN #room msgid={Msgid(m[0])} msgid={Msgid(m[9])} 20");
        Assert.Equal(texts[1..9], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY BETWEEN #room msgid={Msgid(m[9])} msgid={Msgid(m[0])} 20");
        Assert.Equal(texts[1..9], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY BETWEEN #room timestamp={Time(m[0])} timestamp={Time(m[9])} 3");
        Assert.Equal(texts[1..4], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY BETWEEN #room timestamp={Time(m[9])} msgid={Msgid(m[0])} 3");
        Assert.Equal(texts[6..9], Batch(alice, "#room"));
    }

    [Fact]
    public void Around_centres_on_the_referenced_message()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        var m = Say(h, alice, 10);
        var texts = m.Select(x => x.Parameters[1]).ToList();

        alice.Send($"CHATHISTORY AROUND #room msgid={Msgid(m[7])} 1");
        Assert.Equal([texts[7]], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY AROUND #room msgid={Msgid(m[7])} 3");
        Assert.Equal(texts[6..9], Batch(alice, "#room"));
        alice.Send($"CHATHISTORY AROUND #room timestamp={Time(m[7])} 3");
        Assert.Equal(texts[6..9], Batch(alice, "#room"));
    }

    [Fact]
    public void A_limit_above_the_maximum_gets_the_maximum()
    {
        var h = new HubHarness(o => o.History.MaxQueryLines = 3);
        var alice = h.Joined("alice", "#room", Caps);
        Say(h, alice, 6);
        alice.Send("CHATHISTORY LATEST #room * 1000000");
        Assert.Equal(["m3", "m4", "m5"], Batch(alice, "#room"));
    }

    [Fact]
    public void A_reply_never_fills_more_than_half_the_send_queue()
    {
        var h = new HubHarness(o => o.Limits.SendQueueBytes = 4000);
        var alice = h.Joined("alice", "#room", Caps);
        Say(h, alice, 40);
        alice.Send("CHATHISTORY LATEST #room * 40");
        var texts = Batch(alice, "#room");
        Assert.InRange(texts.Count, 1, 39);
        Assert.Equal("m39", texts[^1]); // the newest are kept, so paging back with BEFORE skips nothing
        Assert.False(alice.Session.IsClosing);
    }

    [Fact]
    public void Only_members_may_read_a_rooms_history()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        Say(h, alice, 2);
        var eve = h.Connect("eve", Caps);
        eve.Send("CHATHISTORY LATEST #room * 10");
        var fail = eve.Drain().Only("FAIL");
        Assert.Equal(["CHATHISTORY", "INVALID_TARGET", "LATEST", "#room"], fail.Parameters.Take(4));
        eve.Send("CHATHISTORY LATEST #nowhere * 10");
        Assert.Equal("INVALID_TARGET", eve.Drain().Only("FAIL").Parameters[1]);
    }

    [Theory]
    [InlineData("CHATHISTORY", "NEED_MORE_PARAMS")]
    [InlineData("CHATHISTORY LATEST #room *", "NEED_MORE_PARAMS")]
    [InlineData("CHATHISTORY BETWEEN #room * 10", "NEED_MORE_PARAMS")]
    [InlineData("CHATHISTORY SIDEWAYS #room * 10", "UNKNOWN_COMMAND")]
    [InlineData("CHATHISTORY LATEST #room * 0", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY LATEST #room * -5", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY LATEST #room * ten", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY BEFORE #room * 10", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY BEFORE #room id=5 10", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY BEFORE #room timestamp=yesterday 10", "INVALID_PARAMS")]
    [InlineData("CHATHISTORY TARGETS msgid=abc timestamp=2020-01-01T00:00:00.000Z 10", "INVALID_PARAMS")]
    public void Bad_requests_get_a_standard_failure(string line, string code)
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        alice.Send(line);
        var fail = alice.Drain().Only("FAIL");
        Assert.Equal(["CHATHISTORY", code], fail.Parameters.Take(2));
    }

    [Fact]
    public void An_unknown_msgid_gives_an_empty_batch()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        Say(h, alice, 2);
        alice.Send("CHATHISTORY BEFORE #room msgid=nosuchid 10");
        Assert.Empty(Batch(alice, "#room"));
    }

    [Fact]
    public void A_private_conversation_is_one_history_for_both_sides_and_no_one_else()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Caps);
        var bob = h.Connect("Bob", Caps);
        var carol = h.Connect("carol", Caps);
        alice.Send("PRIVMSG bob :hi bob");
        bob.Send("PRIVMSG alice :hi alice");
        carol.Send("PRIVMSG alice :not for bob");
        h.Hub.EndOfBatch();
        RoomFixture.DrainAll(alice, bob, carol);

        alice.Send("CHATHISTORY LATEST BOB * 10");
        Assert.Equal(["hi bob", "hi alice"], Batch(alice, "BOB"));
        bob.Send("CHATHISTORY LATEST alice * 10");
        Assert.Equal(["hi bob", "hi alice"], Batch(bob, "alice"));
        carol.Send("CHATHISTORY LATEST bob * 10");
        Assert.Empty(Batch(carol, "bob"));
    }

    [Fact]
    public void Someone_who_takes_a_nick_later_does_not_see_its_earlier_private_history()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Caps);
        var bob = h.Connect("bob", Caps);
        alice.Send("PRIVMSG bob :secret");
        h.Hub.EndOfBatch();
        bob.Send("QUIT");
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var mallory = h.Connect("bob", Caps);
        alice.Send("PRIVMSG bob :hello newcomer");
        h.Hub.EndOfBatch();
        mallory.Drain();

        mallory.Send("CHATHISTORY LATEST alice * 10");
        Assert.Equal(["hello newcomer"], Batch(mallory, "alice"));
        alice.Drain();
        alice.Send("CHATHISTORY LATEST bob * 10");
        Assert.Equal(["secret", "hello newcomer"], Batch(alice, "bob")); // alice held her nick all along
    }

    [Fact]
    public void Tagmsg_is_not_replayed_without_event_playback()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        alice.Send("@+draft/react=x TAGMSG #room");
        alice.Send("PRIVMSG #room :text");
        h.Hub.EndOfBatch();
        alice.Drain();
        alice.Send("CHATHISTORY LATEST #room * 10");
        Assert.Equal(["text"], Batch(alice, "#room"));
    }

    [Fact]
    public void A_client_without_batch_gets_plain_lines()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", "draft/chathistory", "echo-message");
        alice.Send("PRIVMSG #room :one");
        h.Hub.EndOfBatch();
        alice.Drain();
        alice.Send("CHATHISTORY LATEST #room * 10");
        var lines = alice.DrainLines();
        Assert.Single(lines);
        Assert.Matches(@"^:alice!\S+ PRIVMSG #room :?one$", lines[0].TrimEnd()); // no tags: no message-tags, server-time, batch
    }

    [Fact]
    public void Targets_lists_rooms_and_conversations_by_their_newest_message_within_the_window()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#one", Caps);
        alice.Send("JOIN #two");
        var bob = h.Connect("Bob", Caps);
        var times = new List<string>();
        foreach (var (target, text) in new[] { ("#one", "a"), ("bob", "b"), ("#two", "c") })
        {
            alice.Send($"PRIVMSG {target} :{text}");
            h.Hub.EndOfBatch();
            times.Add(Time(alice.Drain().Only("PRIVMSG")));
            h.Time.Advance(TimeSpan.FromMilliseconds(10));
        }
        const string Early = "timestamp=2020-01-01T00:00:00.000Z", Late = "timestamp=2262-01-01T00:00:00.000Z";

        alice.Send($"CHATHISTORY TARGETS {Early} {Late} 10");
        Assert.Equal([("#one", times[0]), ("Bob", times[1]), ("#two", times[2])], Targets(alice));
        alice.Send($"CHATHISTORY TARGETS timestamp={times[0]} {Late} 10");
        Assert.Equal(["Bob", "#two"], Targets(alice).Select(t => t.Name));
        alice.Send($"CHATHISTORY TARGETS {Late} {Early} 1");
        Assert.Equal(["#one"], Targets(alice).Select(t => t.Name));
        bob.Drain();
        bob.Send($"CHATHISTORY TARGETS {Early} {Late} 10");
        Assert.Equal(["alice"], Targets(bob).Select(t => t.Name));
    }

    private static List<(string Name, string Time)> Targets(TestClient client)
    {
        var reply = client.Drain();
        Assert.Equal(["BATCH", .. Enumerable.Repeat("CHATHISTORY", reply.Count - 2), "BATCH"], reply.Commands());
        Assert.Equal("draft/chathistory-targets", reply[0].Parameters[1]);
        return reply[1..^1].Select(m => (m.Parameters[1], m.Parameters[2])).ToList();
    }
}
