using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class WhoTests
{
    private static (HubHarness Harness, TestClient Alice, TestClient Bob) TwoInRoom(params string[] bobCaps)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob", bobCaps);
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        alice.Drain();
        bob.Drain();
        return (harness, alice, bob);
    }

    [Fact]
    public void Who_room_lists_every_member_with_the_room_and_ends_with_the_mask_as_sent()
    {
        var (_, _, bob) = TwoInRoom();
        bob.Send("WHO #ROOM");
        var replies = bob.Drain();
        Assert.Equal(["352", "352", "315"], replies.Select(m => m.Command));
        var alice = replies.Single(m => m.Command == "352" && m.Parameters[5] == "alice");
        Assert.Equal(["bob", "#room", "~alice", "127.0.0.1", "test.server", "alice", "H@", "0 alice Realname"], alice.Parameters);
        Assert.Equal(["bob", "#ROOM", "End of WHO list"], replies[^1].Parameters);
    }

    [Fact]
    public void Who_flags_show_away_as_G_and_operators_with_a_star()
    {
        var (_, alice, bob) = TwoInRoom();
        alice.Send("AWAY :lunch");
        alice.Session.Modes |= UserModes.Operator;
        bob.Send("WHO alice");
        Assert.Equal("G*", bob.Drain()[0].Parameters[6]);
    }

    [Fact]
    public void Who_room_shows_every_prefix_only_with_multi_prefix()
    {
        var (harness, alice, _) = TwoInRoom();
        var room = harness.Hub.Rooms.Find("#room")!;
        room.Members[alice.Session] = MemberStatus.Operator | MemberStatus.Voice;
        var plain = harness.Connect("carol");
        var multi = harness.Connect("dave", "multi-prefix");

        plain.Send("WHO #room");
        multi.Send("WHO #room");

        Assert.Equal("H@", plain.Drain().First(m => m.Parameters[5] == "alice").Parameters[6]);
        Assert.Equal("H@+", multi.Drain().First(m => m.Parameters[5] == "alice").Parameters[6]);
    }

    [Fact]
    public void Who_mask_matches_nicks_in_any_case_and_names_no_room()
    {
        var (_, _, bob) = TwoInRoom();
        bob.Send("WHO ALI*");
        var replies = bob.Drain();
        var reply = Assert.Single(replies, m => m.Command == Numerics.RPL_WHOREPLY);
        Assert.Equal("alice", reply.Parameters[5]);
        Assert.Equal("*", reply.Parameters[1]);
        Assert.Equal("H", reply.Parameters[6]);
        Assert.Equal("ALI*", replies[^1].Parameters[1]);
    }

    [Fact]
    public void Who_mask_hides_invisible_users_who_share_no_room_with_the_asker()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Session.Modes |= UserModes.Invisible;
        var bob = harness.Connect("bob");

        bob.Send("WHO al*");

        Assert.Equal([Numerics.RPL_ENDOFWHO], bob.Drain().Select(m => m.Command));
    }

    [Fact]
    public void Who_exact_nick_shows_an_invisible_user()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Session.Modes |= UserModes.Invisible;
        var bob = harness.Connect("bob");

        bob.Send("WHO alice");

        Assert.Equal([Numerics.RPL_WHOREPLY, Numerics.RPL_ENDOFWHO], bob.Drain().Select(m => m.Command));
    }

    [Fact]
    public void Who_mask_shows_an_invisible_user_who_shares_a_room()
    {
        var (_, alice, bob) = TwoInRoom();
        alice.Session.Modes |= UserModes.Invisible;
        bob.Send("WHO al*");
        Assert.Contains(bob.Drain(), m => m.Command == Numerics.RPL_WHOREPLY && m.Parameters[5] == "alice");
    }

    [Fact]
    public void Who_of_a_secret_room_from_outside_lists_nobody()
    {
        var (harness, _, _) = TwoInRoom();
        harness.Hub.Rooms.Find("#room")!.Modes |= RoomModes.Secret;
        var carol = harness.Connect("carol");
        carol.Send("WHO #room");
        Assert.Equal([Numerics.RPL_ENDOFWHO], carol.Drain().Select(m => m.Command));
    }

    [Fact]
    public void Who_of_an_unknown_nick_is_only_the_end_reply()
    {
        var (_, _, bob) = TwoInRoom();
        bob.Send("WHO nobody");
        var end = Assert.Single(bob.Drain());
        Assert.Equal(["bob", "nobody", "End of WHO list"], end.Parameters);
    }

    [Fact]
    public void Who_with_o_lists_only_irc_operators()
    {
        var (_, alice, bob) = TwoInRoom();
        alice.Session.Modes |= UserModes.Operator;
        bob.Send("WHO * o");
        var reply = Assert.Single(bob.Drain(), m => m.Command == Numerics.RPL_WHOREPLY);
        Assert.Equal("alice", reply.Parameters[5]);
    }

    [Fact]
    public void Who_star_lists_every_visible_user()
    {
        var (_, _, bob) = TwoInRoom();
        bob.Send("WHO *");
        var nicks = bob.Drain().Where(m => m.Command == Numerics.RPL_WHOREPLY).Select(m => m.Parameters[5]).Order();
        Assert.Equal(["alice", "bob"], nicks);
    }
}
