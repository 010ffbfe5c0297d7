using Parley.Protocol.Irc;
using Parley.Server.Storage;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.History;

/// <summary>draft/multiline messages in history: kept once, under the batch's msgid, and replayed as a nested multiline
/// batch to clients with the capability and as separate lines to everyone else.</summary>
public sealed class MultilineHistoryTests
{
    private static readonly string[] HistoryCaps = ["draft/chathistory", "batch", "message-tags", "server-time", "echo-message"];
    private static readonly string[] MultilineCaps = [.. HistoryCaps, "draft/multiline"];

    /// <summary>Alice (with multiline) sends "hello", "", "how is " + concat "everyone?" to <paramref name="target"/>;
    /// returns the msgid of the live batch, committed as the hub would at the end of its batch.</summary>
    private static string SendMultiline(HubHarness h, TestClient alice, string target = "#room", string[]? lines = null)
    {
        alice.Send($"BATCH +b1 draft/multiline {target}");
        foreach (var line in lines ?? ["hello", "", "how is ", "+everyone?"])
        {
            alice.Send(line.StartsWith('+')
                ? $"@batch=b1;draft/multiline-concat PRIVMSG {target} :{line[1..]}"
                : $"@batch=b1 PRIVMSG {target} :{line}");
        }
        alice.Send("BATCH -b1");
        h.Hub.EndOfBatch();
        var echo = alice.Drain();
        Assert.Equal("BATCH", echo[0].Command);
        return echo[0].Tag("msgid")!;
    }

    private static List<HistoryEntry> Stored(HubHarness h, string target) => h.Hub.Storage.History.Latest(target, 100).ToList();

    [Fact]
    public void A_multiline_message_is_stored_once_under_the_batchs_msgid_with_its_combined_text()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", MultilineCaps);
        var bob = h.Joined("bob", "#room", "message-tags");
        RoomFixture.DrainAll(alice, bob);
        var msgid = SendMultiline(h, alice);
        var entry = Assert.Single(Stored(h, HistoryTargets.Room("#room")));
        Assert.Equal(msgid, entry.MsgId);
        Assert.Equal("hello\n\nhow is everyone?", entry.Text);
        Assert.Equal("PRIVMSG", entry.Command);
        // Bob received it as separate lines, whose first carries the same msgid.
        Assert.Equal(msgid, bob.Drain().First(m => m.Command == "PRIVMSG").Tag("msgid"));
    }

    [Fact]
    public void Chathistory_replays_it_as_a_multiline_batch_nested_in_the_chathistory_batch_to_clients_with_the_capability()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", MultilineCaps);
        alice.Send("PRIVMSG #room :before");
        h.Hub.EndOfBatch();
        alice.Drain();
        var msgid = SendMultiline(h, alice);
        alice.Send("PRIVMSG #room :after");
        h.Hub.EndOfBatch();
        alice.Drain();

        alice.Send("CHATHISTORY LATEST #room * 2");
        var reply = alice.Drain();
        var outer = reply[0].Parameters[0][1..];
        Assert.Equal(["+" + outer, "chathistory", "#room"], reply[0].Parameters);
        Assert.Equal(["BATCH", "BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH", "PRIVMSG", "BATCH"],
            reply.Select(m => m.Command));
        var opening = reply[1];
        var inner = opening.Parameters[0][1..];
        Assert.Equal(["+" + inner, "draft/multiline", "#room"], opening.Parameters);
        Assert.Equal(outer, opening.Tag("batch"));
        Assert.Equal(msgid, opening.Tag("msgid"));
        Assert.StartsWith("alice!", opening.Source);
        var lines = reply[2..5];
        Assert.All(lines, l => Assert.Equal(inner, l.Tag("batch")));
        Assert.Equal(["hello", "", "how is everyone?"], lines.Select(l => l.Parameters[1]));
        Assert.Equal(["-" + inner], reply[5].Parameters);
        Assert.Equal("after", reply[6].Parameters[1]);
        Assert.Equal(outer, reply[6].Tag("batch"));
        Assert.Equal(["-" + outer], reply[7].Parameters);
    }

    [Fact]
    public void Clients_without_multiline_get_the_lines_separately_without_blanks_and_the_msgid_on_the_first()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", MultilineCaps);
        var carol = h.Joined("carol", "#room", HistoryCaps);
        RoomFixture.DrainAll(alice, carol);
        var msgid = SendMultiline(h, alice);
        var live = carol.Drain().Where(m => m.Command == "PRIVMSG").ToList();

        carol.Send("CHATHISTORY LATEST #room * 10");
        var replayed = carol.Drain().Where(m => m.Command == "PRIVMSG").ToList();
        Assert.Equal(["hello", "how is everyone?"], replayed.Select(m => m.Parameters[1]));
        Assert.Equal(msgid, replayed[0].Tag("msgid"));
        Assert.Null(replayed[1].Tag("msgid"));
        Assert.Equal(live[0].Tag("time"), replayed[1].Tag("time"));
        // What the live fallback showed as two lines ("how is ", "everyone?") comes back as the one line it means.
        Assert.Equal(["hello", "how is ", "everyone?"], live.Select(m => m.Parameters[1]));
    }

    [Fact]
    public void A_joiner_without_chathistory_gets_it_replayed_as_lines_and_a_plain_text_user_too()
    {
        var h = new HubHarness(o =>
        {
            o.DefaultRoom = "#room";
            o.History.ReplayLines = 5;
        });
        var alice = h.Joined("alice", "#room", MultilineCaps);
        SendMultiline(h, alice);

        var bob = h.Connect("bob", "server-time");
        bob.Send("JOIN #room");
        var burst = bob.Drain();
        var replayed = burst[(burst.FindIndex(m => m.Command == Numerics.RPL_ENDOFNAMES) + 1)..];
        Assert.True(replayed.Count > 0, string.Join("\n", burst));
        Assert.Equal(["hello", "how is everyone?"], replayed.Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]));

        var withMultiline = h.Connect("dave", "batch", "message-tags", "draft/multiline");
        withMultiline.Send("JOIN #room");
        burst = withMultiline.Drain();
        var nested = burst.Single(m => m.Command == "BATCH" && m.Parameters is [['+', ..], "draft/multiline", "#room"]);
        Assert.Equal(["hello", "", "how is everyone?"],
            burst.Where(m => m.Tag("batch") == nested.Parameters[0][1..]).Select(m => m.Parameters[1]));

        var plain = h.ConnectPlain(drain: false);
        var lines = plain.DrainLines();
        var header = lines.IndexOf("Recent messages in #room (times in UTC):");
        Assert.True(header >= 0, string.Join("\n", lines));
        Assert.Equal(["[12:00] <alice> hello", "[12:00] <alice> how is everyone?"], lines[(header + 1)..(header + 3)]);
    }

    [Fact]
    public void A_line_longer_than_one_message_is_cut_again_into_pieces_that_concatenate_back_exactly()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", MultilineCaps);
        var words = string.Join(' ', Enumerable.Range(0, 120).Select(i => $"w{i}é"));
        var half = words.Length / 2;
        SendMultiline(h, alice, lines: ["first", words[..half], "+" + words[half..]]);
        Assert.Equal("first\n" + words, Assert.Single(Stored(h, HistoryTargets.Room("#room"))).Text);

        alice.Send("CHATHISTORY LATEST #room * 1");
        var reply = alice.Drain();
        var pieces = reply.Where(m => m.Command == "PRIVMSG").ToList();
        Assert.True(pieces.Count >= 3, string.Join(" | ", reply));
        Assert.Equal("first", pieces[0].Parameters[1]);
        Assert.Null(pieces[1].Tag("draft/multiline-concat"));
        Assert.All(pieces.Skip(2), p => Assert.NotNull(p.Tag("draft/multiline-concat")));
        Assert.Equal(words, string.Concat(pieces.Skip(1).Select(p => p.Parameters[1])));
        Assert.All(pieces, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p.ToString()) <= 512, p.ToString()));
    }

    [Fact]
    public void A_private_multiline_message_is_kept_in_the_conversation()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", MultilineCaps);
        var bob = h.Connect("bob", HistoryCaps);
        var msgid = SendMultiline(h, alice, "bob");
        bob.Drain();
        var entry = Assert.Single(Stored(h, HistoryTargets.Conversation("alice", "bob")));
        Assert.Equal(msgid, entry.MsgId);
        bob.Send("CHATHISTORY LATEST alice * 10");
        Assert.Equal(["hello", "how is everyone?"], bob.Drain().Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]));
    }
}
