using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Messaging;

public sealed class MultilineTests
{
    private static readonly string[] Base = ["message-tags", "batch", "echo-message", "server-time", "labeled-response"];
    private static readonly string[] WithMultiline = [.. Base, "draft/multiline"];

    private static (TestClient Alice, TestClient Bob, TestClient Charlie) Room(HubHarness h)
    {
        var alice = h.Joined("alice", "#test", WithMultiline);
        var bob = h.Joined("bob", "#test", WithMultiline);
        var charlie = h.Joined("charlie", "#test", Base);
        RoomFixture.DrainAll(alice, bob, charlie);
        return (alice, bob, charlie);
    }

    private static void SendHowIsEveryone(TestClient client, string opening = "BATCH +123 draft/multiline #test")
    {
        client.Send(opening);
        client.Send("@batch=123 PRIVMSG #test hello");
        client.Send("@batch=123 PRIVMSG #test :how is ");
        client.Send("@batch=123;draft/multiline-concat PRIVMSG #test :everyone?");
        client.Send("BATCH -123");
    }

    [Fact]
    public void Recipients_with_the_capability_get_one_batch()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        SendHowIsEveryone(alice);
        var relay = bob.Drain();
        Assert.Equal(["BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH"], relay.Commands());
        var opening = relay[0];
        Assert.StartsWith("alice!", opening.Source);
        Assert.Equal("draft/multiline", opening.Parameters[1]);
        Assert.Equal("#test", opening.Parameters[2]);
        Assert.NotNull(opening.Tag("msgid"));
        Assert.NotNull(opening.Tag("time"));
        var reference = opening.Parameters[0][1..];
        Assert.Equal(["-" + reference], relay[^1].Parameters);
        Assert.All(relay.Skip(1).SkipLast(1), line =>
        {
            Assert.Equal(reference, line.Tag("batch"));
            Assert.Null(line.Tag("msgid"));
        });
        Assert.Equal(["hello", "how is ", "everyone?"], relay.Skip(1).SkipLast(1).Select(l => l.Parameters[1]));
        Assert.Null(relay[2].Tag("draft/multiline-concat"));
        Assert.NotNull(relay[3].Tag("draft/multiline-concat"));
    }

    [Fact]
    public void Echo_is_the_same_batch_with_the_label_on_its_opening_only()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        SendHowIsEveryone(alice, "@label=xyz BATCH +123 draft/multiline #test");
        var echo = alice.Drain();
        var relay = bob.Drain();
        Assert.Equal(["BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH"], echo.Commands());
        Assert.Equal("xyz", echo[0].Tag("label"));
        Assert.All(echo.Skip(1), m => Assert.Null(m.Tag("label")));
        Assert.Equal(relay[0].Tag("msgid"), echo[0].Tag("msgid"));
        Assert.Equal(relay[0].Tag("time"), echo[0].Tag("time"));
    }

    [Fact]
    public void Recipients_without_the_capability_get_separate_privmsgs_with_the_msgid_on_the_first()
    {
        var h = new HubHarness();
        var (alice, bob, charlie) = Room(h);
        SendHowIsEveryone(alice);
        var opening = bob.Drain()[0];
        var fallback = charlie.Drain();
        Assert.Equal(["hello", "how is ", "everyone?"], fallback.Select(m => m.Parameters[1]));
        Assert.All(fallback, m =>
        {
            Assert.Equal("PRIVMSG", m.Command);
            Assert.Equal(opening.Tag("time"), m.Tag("time"));
            Assert.Null(m.Tag("draft/multiline-concat"));
            Assert.Null(m.Tag("batch"));
        });
        Assert.Equal([opening.Tag("msgid"), null, null], fallback.Select(m => m.Tag("msgid")));
    }

    [Fact]
    public void Blank_lines_reach_batch_recipients_but_not_the_fallback_and_client_tags_reach_both()
    {
        var h = new HubHarness();
        var (alice, bob, charlie) = Room(h);
        alice.Send("@+client-only-tag BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #test :");
        alice.Send("@batch=123 PRIVMSG #test :#how is ");
        alice.Send("@batch=123;draft/multiline-concat PRIVMSG #test :everyone?");
        alice.Send("BATCH -123");

        var relay = bob.Drain();
        Assert.Equal(["", "#how is ", "everyone?"], relay.Skip(1).SkipLast(1).Select(l => l.Parameters[1]));
        Assert.Equal("", relay[0].Tag("+client-only-tag"));
        var fallback = charlie.Drain();
        Assert.Equal(["#how is ", "everyone?"], fallback.Select(m => m.Parameters[1]));
        Assert.All(fallback, m => Assert.NotNull(m.Tag("+client-only-tag")));
        Assert.Equal(relay[0].Tag("msgid"), fallback[0].Tag("msgid"));
    }

    [Fact]
    public void Multiline_message_to_a_nick()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", WithMultiline);
        var bob = h.Connect("bob", Base);
        alice.Send("BATCH +a draft/multiline bob");
        alice.Send("@batch=a PRIVMSG bob :one");
        alice.Send("@batch=a PRIVMSG BOB :two");
        alice.Send("BATCH -a");
        Assert.Equal(["one", "two"], bob.Drain().Select(m => m.Parameters[1]));
        Assert.Equal("bob", alice.Drain()[0].Parameters[2]);
    }

    [Fact]
    public void Lines_stay_with_the_server_until_the_batch_closes()
    {
        var h = new HubHarness();
        var (alice, bob, charlie) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #test :one");
        alice.Send("PING :meanwhile");
        Assert.Equal("PONG", Assert.Single(alice.Drain()).Command);
        Assert.Empty(bob.Drain());
        Assert.Empty(charlie.Drain());
    }

    [Fact]
    public void Line_naming_another_batch_is_multiline_invalid_and_the_batch_is_dropped()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #test :kept?");
        alice.Send("@batch=231 PRIVMSG #test :hi");
        AssertFail(alice, "MULTILINE_INVALID");
        alice.Send("BATCH -123");
        Assert.Empty(alice.Drain());
        Assert.Empty(bob.Drain());
        Assert.Null(alice.Session.OpenBatch);
    }

    [Fact]
    public void Blank_line_with_the_concat_tag_is_multiline_invalid()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #test :hi");
        alice.Send("@batch=123;draft/multiline-concat PRIVMSG #test :");
        alice.Send("BATCH -123");
        AssertFail(alice, "MULTILINE_INVALID");
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void Only_blank_lines_is_multiline_invalid()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #test :");
        alice.Send("BATCH -123");
        AssertFail(alice, "MULTILINE_INVALID");
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void Line_to_another_target_is_multiline_invalid_target()
    {
        var h = new HubHarness();
        var (alice, _, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 PRIVMSG #other :hi");
        Assert.Equal(["BATCH", "MULTILINE_INVALID_TARGET", "#test", "#other"], AssertFail(alice, "MULTILINE_INVALID_TARGET").Parameters.Take(4));
    }

    [Fact]
    public void Notice_in_a_multiline_batch_is_multiline_invalid()
    {
        var h = new HubHarness();
        var (alice, _, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        alice.Send("@batch=123 NOTICE #test :hi");
        AssertFail(alice, "MULTILINE_INVALID");
    }

    [Fact]
    public void More_lines_than_max_lines_is_multiline_max_lines()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        alice.Send("BATCH +123 draft/multiline #test");
        for (var i = 0; i <= ServerSupport.MultilineMaxLines; i++)
        {
            alice.Send("@batch=123 PRIVMSG #test hi");
        }
        var fail = AssertFail(alice, "MULTILINE_MAX_LINES");
        Assert.Equal(ServerSupport.MultilineMaxLines.ToString(), fail.Parameters[2]);
        alice.Send("BATCH -123");
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void More_bytes_than_max_bytes_is_multiline_max_bytes_counting_line_breaks()
    {
        var h = new HubHarness();
        var (alice, _, _) = Room(h);
        var line = new string('x', 400);
        alice.Send("BATCH +234 draft/multiline #test");
        // Ten lines of 400 bytes and nine line breaks: 4,009 bytes, within 4,096; the eleventh line is too many.
        for (var i = 0; i < 10; i++)
        {
            alice.Send("@batch=234 PRIVMSG #test " + line);
        }
        Assert.Empty(alice.Drain());
        alice.Send("@batch=234 PRIVMSG #test " + line);
        var fail = AssertFail(alice, "MULTILINE_MAX_BYTES");
        Assert.Equal(ServerSupport.MultilineMaxBytes.ToString(), fail.Parameters[2]);
    }

    [Fact]
    public void Banned_sender_is_refused_at_the_close_and_nothing_is_delivered()
    {
        var h = new HubHarness();
        var op = h.Joined("op", "#test");
        var (alice, bob, charlie) = Room(h);
        op.Send("MODE #test +b alice");
        RoomFixture.DrainAll(alice, bob, charlie);
        SendHowIsEveryone(alice);
        Assert.Equal(Numerics.ERR_CANNOTSENDTOCHAN, Assert.Single(alice.Drain()).Command);
        Assert.Empty(bob.Drain());
        Assert.Empty(charlie.Drain());
    }

    [Fact]
    public void Labeled_batch_without_echo_is_acknowledged_at_the_close()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", "batch", "labeled-response", "draft/multiline");
        alice.Send("@label=L1 BATCH +1 draft/multiline #test");
        Assert.Empty(alice.Drain());
        alice.Send("@batch=1 PRIVMSG #test :hi");
        alice.Send("BATCH -1");
        var ack = Assert.Single(alice.Drain());
        Assert.Equal("ACK", ack.Command);
        Assert.Equal("L1", ack.Tag("label"));
    }

    [Fact]
    public void Batch_without_the_capability_is_refused()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", Base);
        alice.Send("BATCH +1 draft/multiline #test");
        AssertFail(alice, "MULTILINE_INVALID");
        Assert.Null(alice.Session.OpenBatch);
    }

    [Fact]
    public void Unknown_batch_type_is_refused()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", WithMultiline);
        alice.Send("BATCH +1 example/other #test");
        AssertFail(alice, "UNKNOWN_BATCH_TYPE");
    }

    [Fact]
    public void Second_open_batch_is_refused_and_the_first_stays_open()
    {
        var h = new HubHarness();
        var (alice, bob, _) = Room(h);
        alice.Send("BATCH +1 draft/multiline #test");
        alice.Send("BATCH +2 draft/multiline #test");
        AssertFail(alice, "MULTILINE_INVALID");
        alice.Send("@batch=1 PRIVMSG #test :still one");
        alice.Send("BATCH -1");
        Assert.Equal("still one", bob.Drain()[1].Parameters[1]);
    }

    [Fact]
    public void Closing_an_unknown_batch_is_multiline_invalid()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", WithMultiline);
        alice.Send("BATCH -nothing");
        AssertFail(alice, "MULTILINE_INVALID");
    }

    private static IrcMessage AssertFail(TestClient client, string code)
    {
        var fail = Assert.Single(client.Drain());
        Assert.Equal("FAIL", fail.Command);
        Assert.Equal(["BATCH", code], fail.Parameters.Take(2));
        return fail;
    }
}
