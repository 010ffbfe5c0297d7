using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Storage;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.History;

/// <summary>REDACT (draft/message-redaction): who may take which message back, who is told, and that history forgets it.</summary>
public sealed class RedactTests
{
    private static readonly string[] Caps = ["message-tags", "echo-message", "batch", "server-time", "draft/chathistory", "draft/message-redaction"];
    private static readonly string[] WithoutRedaction = ["message-tags", "echo-message", "batch", "server-time", "draft/chathistory"];

    /// <summary>Alice (first, so the room's operator) and bob with the capability, carol without, all in #room.</summary>
    private static (HubHarness H, TestClient Alice, TestClient Bob, TestClient Carol) Room()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", Caps);
        var bob = h.Joined("bob", "#room", Caps);
        var carol = h.Joined("carol", "#room", WithoutRedaction);
        RoomFixture.DrainAll(alice, bob, carol);
        return (h, alice, bob, carol);
    }

    /// <summary>Sends <paramref name="text"/> to <paramref name="target"/>, commits, drains everyone; returns the msgid.</summary>
    private static string Say(HubHarness h, TestClient from, string target, string text, params TestClient[] others)
    {
        from.Send($"PRIVMSG {target} :{text}");
        h.Hub.EndOfBatch();
        var msgid = from.Drain().Only("PRIVMSG").Tag("msgid")!;
        RoomFixture.DrainAll(others);
        return msgid;
    }

    private static List<string> History(HubHarness h, string key) =>
        h.Hub.Storage.History.Latest(key, 100).Select(e => e.Text ?? "").ToList();

    [Fact]
    public void The_capability_is_advertised()
    {
        var h = new HubHarness();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        Assert.Contains("draft/message-redaction", client.Drain().Where(m => m.Command == "CAP").SelectMany(m => m.Parameters[^1].Split(' ')));
    }

    [Fact]
    public void A_sender_redacts_their_own_message_members_with_the_capability_are_told_and_history_forgets_it()
    {
        var (h, alice, bob, carol) = Room();
        Say(h, bob, "#room", "keep me", alice, carol);
        var msgid = Say(h, bob, "#room", "oops", alice, carol);

        bob.Send($"REDACT #room {msgid}");
        h.Hub.EndOfBatch();
        var echo = bob.Drain().Only("REDACT");
        Assert.Equal(["#room", msgid], echo.Parameters);
        Assert.StartsWith("bob!", echo.Source);
        var relayed = alice.Drain().Only("REDACT");
        Assert.Equal(["#room", msgid], relayed.Parameters);
        Assert.NotNull(relayed.Tag("msgid"));
        Assert.Empty(carol.Drain());
        Assert.Equal(["keep me"], History(h, HistoryTargets.Room("#room")));

        alice.Send("CHATHISTORY LATEST #room * 10");
        Assert.Equal(["keep me"], alice.Drain().Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]));
    }

    [Fact]
    public void A_room_operator_redacts_anyones_message_with_a_reason()
    {
        var (h, alice, bob, carol) = Room();
        var msgid = Say(h, carol, "#room", "spam spam", alice, bob);
        alice.Send($"REDACT #room {msgid} :spam");
        Assert.Equal(["#room", msgid, "spam"], alice.Drain().Only("REDACT").Parameters);
        Assert.Equal(["#room", msgid, "spam"], bob.Drain().Only("REDACT").Parameters);
        Assert.Empty(History(h, HistoryTargets.Room("#room")));
    }

    [Fact]
    public void A_member_who_is_not_an_operator_may_not_redact_someone_elses_message()
    {
        var (h, alice, bob, carol) = Room();
        var msgid = Say(h, alice, "#room", "mine", bob, carol);
        bob.Send($"REDACT #room {msgid}");
        var fail = bob.Drain().Only("FAIL");
        Assert.Equal(["REDACT", "REDACT_FORBIDDEN", "#room", msgid], fail.Parameters.Take(4));
        Assert.Empty(alice.Drain());
        Assert.Equal(["mine"], History(h, HistoryTargets.Room("#room")));
    }

    [Fact]
    public void An_irc_operator_redacts_in_a_room_it_is_not_in()
    {
        var (h, alice, bob, carol) = Room();
        var msgid = Say(h, bob, "#room", "bad", alice, carol);
        var oper = h.Connect("oper", Caps);
        oper.Session.Modes |= UserModes.Operator;
        oper.Send($"REDACT #room {msgid} :rules");
        Assert.Equal(["#room", msgid, "rules"], oper.Drain().Only("REDACT").Parameters);
        Assert.StartsWith("oper!", alice.Drain().Only("REDACT").Source);
        Assert.Empty(History(h, HistoryTargets.Room("#room")));
    }

    [Fact]
    public void Unknown_msgids_and_targets_are_refused_with_the_specified_codes()
    {
        var (h, alice, bob, _) = Room();
        alice.Send("REDACT #room nonexistent123");
        Assert.Equal(["REDACT", "UNKNOWN_MSGID", "#room", "nonexistent123"], alice.Drain().Only("FAIL").Parameters.Take(4));

        alice.Send("REDACT #nowhere someid");
        Assert.Equal(["REDACT", "INVALID_TARGET", "#nowhere"], alice.Drain().Only("FAIL").Parameters.Take(3));

        // A room one is not in is not a place to delete from, even when the msgid is real.
        var msgid = Say(h, bob, "#room", "hello", alice);
        var outsider = h.Connect("dave", Caps);
        outsider.Send($"REDACT #room {msgid}");
        Assert.Equal(["REDACT", "INVALID_TARGET", "#room"], outsider.Drain().Only("FAIL").Parameters.Take(3));

        // A message of another room is not found under this one.
        var other = h.Joined("erin", "#other", Caps);
        var elsewhere = Say(h, other, "#other", "over here");
        alice.Send($"REDACT #room {elsewhere}");
        Assert.Equal("UNKNOWN_MSGID", alice.Drain().Only("FAIL").Parameters[1]);

        alice.Send("REDACT #room");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void A_private_message_is_redacted_by_its_sender_and_the_other_side_is_told()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Caps);
        var bob = h.Connect("bob", Caps);
        var msgid = Say(h, alice, "bob", "psst", bob);

        bob.Send($"REDACT alice {msgid}");
        Assert.Equal("REDACT_FORBIDDEN", bob.Drain().Only("FAIL").Parameters[1]);

        alice.Send($"REDACT bob {msgid}");
        Assert.Equal(["bob", msgid], alice.Drain().Only("REDACT").Parameters);
        Assert.Equal(["bob", msgid], bob.Drain().Only("REDACT").Parameters);
        Assert.Empty(History(h, HistoryTargets.Conversation("alice", "bob")));
    }

    [Fact]
    public void Someone_later_holding_the_senders_nick_from_elsewhere_cannot_redact_the_message()
    {
        var (h, alice, bob, carol) = Room();
        var msgid = Say(h, carol, "#room", "carol was here", alice, bob);
        carol.Send("QUIT");
        var impostor = h.ConnectFrom("192.0.2.7", "carol", Caps);
        impostor.Send("JOIN #room");
        impostor.Drain();
        impostor.Send($"REDACT #room {msgid}");
        Assert.Equal("REDACT_FORBIDDEN", impostor.Drain().Only("FAIL").Parameters[1]);
        Assert.Equal(["carol was here"], History(h, HistoryTargets.Room("#room")));
    }

    [Fact]
    public void A_message_sent_logged_in_is_redacted_by_the_account_from_another_connection()
    {
        var h = new HubHarness(o => o.Accounts.HashIterations = 4096);
        var alice = h.Joined("alice", "#room", Caps);
        alice.Send("REGISTER * * correct-horse-battery");
        alice.Drain();
        Assert.Equal("alice", alice.Session.Account);
        var msgid = Say(h, alice, "#room", "from my laptop");

        var phone = h.ConnectFrom("192.0.2.8", "alice_phone", Caps);
        phone.Send("JOIN #room");
        phone.Send("PRIVMSG NickServ :IDENTIFY alice correct-horse-battery");
        phone.Drain();
        Assert.Equal("alice", phone.Session.Account);
        phone.Send($"REDACT #room {msgid}");
        Assert.Equal(["#room", msgid], phone.Drain().Only("REDACT").Parameters);
        Assert.Empty(History(h, HistoryTargets.Room("#room")));
    }

    [Fact]
    public void Redacting_a_multiline_message_removes_it_whole()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#room", [.. Caps, "draft/multiline"]);
        alice.Send("BATCH +m draft/multiline #room");
        alice.Send("@batch=m PRIVMSG #room :one");
        alice.Send("@batch=m PRIVMSG #room :two");
        alice.Send("BATCH -m");
        h.Hub.EndOfBatch();
        var msgid = alice.Drain()[0].Tag("msgid")!;
        alice.Send($"REDACT #room {msgid}");
        Assert.Equal(["#room", msgid], alice.Drain().Only("REDACT").Parameters);
        Assert.Empty(History(h, HistoryTargets.Room("#room")));
    }
}
