using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

/// <summary>Ban exceptions (+e), invite exceptions (+I) and the mute extban (+b m:mask).</summary>
public sealed class ExceptionListTests
{
    [Fact]
    public void Ban_exception_lets_a_banned_user_join()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +b ba*!*@*");
        var bar = h.Connect("bar");
        bar.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_BANNEDFROMCHAN, Assert.Single(bar.Drain()).Command);

        alice.Drain();
        alice.Send("MODE #r +e *ar!*@*");
        Assert.Equal(["#r", "+e", "*ar!*@*"], Assert.Single(alice.Drain()).Parameters);
        bar.Send("JOIN #r");
        Assert.Equal("JOIN", bar.Drain()[0].Command);
    }

    [Fact]
    public void Ban_exception_lets_a_banned_member_speak()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +be bob bob!*@*");
        RoomFixture.DrainAll(alice, bob);
        bob.Send("PRIVMSG #r :still here");
        Assert.Empty(bob.Drain());
        Assert.Equal("still here", alice.Drain().Only("PRIVMSG").Parameters[1]);
    }

    [Fact]
    public void Exception_that_does_not_match_leaves_the_ban_in_force()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +be bob carol");
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_BANNEDFROMCHAN, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Exception_list_query_gives_348_per_entry_then_349()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +e friend");
        alice.Drain();
        alice.Send("MODE #r +e");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_EXCEPTLIST, Numerics.RPL_ENDOFEXCEPTLIST], replies.Commands());
        Assert.Equal(["alice", "#r", "friend!*@*", alice.Session.Mask, h.Time.GetUtcNow().ToUnixTimeSeconds().ToString()], replies[0].Parameters);
    }

    [Fact]
    public void Invite_exception_lets_a_matching_user_into_an_invite_only_room()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +i");
        var bar = h.Connect("bar");
        bar.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, Assert.Single(bar.Drain()).Command);

        alice.Drain();
        alice.Send("MODE #r +I bar!*@*");
        Assert.Equal(["#r", "+I", "bar!*@*"], Assert.Single(alice.Drain()).Parameters);
        bar.Send("JOIN #r");
        Assert.Equal("JOIN", bar.Drain()[0].Command);

        var baz = h.Connect("baz");
        baz.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, Assert.Single(baz.Drain()).Command);
    }

    [Fact]
    public void Removed_invite_exception_no_longer_admits()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +iI bar");
        alice.Send("MODE #r -I BAR!*@*");
        Assert.Equal(["#r", "-I", "bar!*@*"], alice.Drain().Last().Parameters);
        var bar = h.Connect("bar");
        bar.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, Assert.Single(bar.Drain()).Command);
    }

    [Fact]
    public void Invite_exception_list_query_gives_346_per_entry_then_347()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +I bar!*@*");
        alice.Drain();
        alice.Send("MODE #r +I");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_INVEXLIST, Numerics.RPL_ENDOFINVEXLIST], replies.Commands());
        Assert.Equal("bar!*@*", replies[0].Parameters[2]);
    }

    [Fact]
    public void Each_list_is_shown_once_when_several_are_asked_for()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r beIb");
        Assert.Equal([Numerics.RPL_ENDOFBANLIST, Numerics.RPL_ENDOFEXCEPTLIST, Numerics.RPL_ENDOFINVEXLIST], alice.Drain().Commands());
    }

    [Fact]
    public void Only_operators_change_the_exception_lists()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        bob.Send("MODE #r +e bob");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
        Assert.Empty(h.Hub.Rooms.Find("#r")!.BanExceptions);
    }

    [Fact]
    public void Mute_extban_silences_but_does_not_keep_out()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +b m:Bar");
        Assert.Equal(["#r", "+b", "m:Bar!*@*"], Assert.Single(alice.Drain()).Parameters);

        var bar = h.Joined("bar", "#r");
        alice.Drain();
        bar.Send("PRIVMSG #r :hi");
        Assert.Equal(Numerics.ERR_CANNOTSENDTOCHAN, Assert.Single(bar.Drain()).Command);
        Assert.Empty(alice.Drain());

        alice.Send("MODE #r -b m:bar!*@*");
        RoomFixture.DrainAll(alice, bar);
        bar.Send("PRIVMSG #r :hi again");
        Assert.Equal("hi again", alice.Drain().Only("PRIVMSG").Parameters[1]);
    }

    [Fact]
    public void Voice_and_mute_exceptions_lift_a_mute()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var qux = h.Joined("qux", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +b m:*!*@*");
        alice.Send("MODE #r +v qux");
        alice.Send("MODE #r +e m:bob!*@*");
        RoomFixture.DrainAll(alice, qux, bob);

        qux.Send("PRIVMSG #r :voiced");
        bob.Send("PRIVMSG #r :excepted");
        Assert.Equal(["voiced", "excepted"], alice.Drain().Select(m => m.Parameters[1]));
    }

    [Fact]
    public void Mute_exception_does_not_lift_a_ban()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +be bob m:bob");
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_BANNEDFROMCHAN, Assert.Single(bob.Drain()).Command);
    }
}
