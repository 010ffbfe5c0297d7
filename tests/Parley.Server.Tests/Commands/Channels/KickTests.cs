using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class KickTests
{
    [Fact]
    public void Kick_tells_the_whole_room_and_removes_the_member()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        var carol = h.Joined("carol", "#r");
        RoomFixture.DrainAll(alice, bob, carol);
        alice.Send("KICK #r bob :behave");
        foreach (var client in new[] { alice, bob, carol })
        {
            var kick = Assert.Single(client.Drain());
            Assert.Equal("KICK", kick.Command);
            Assert.StartsWith("alice!", kick.Source);
            Assert.Equal(["#r", "bob", "behave"], kick.Parameters);
        }
        Assert.False(h.Hub.Rooms.Find("#r")!.Contains(bob.Session));
        Assert.Empty(bob.Session.Rooms);
    }

    [Fact]
    public void Kick_without_reason_uses_the_kickers_nick()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("KICK #r bob");
        Assert.Equal(["#r", "bob", "alice"], bob.Drain().Only("KICK").Parameters);
    }

    [Fact]
    public void Kick_of_several_users_sends_one_kick_line_each()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Joined("bob", "#r");
        h.Joined("carol", "#r");
        var dave = h.Joined("dave", "#r");
        dave.Drain();
        alice.Send("KICK #r bob,carol :bye");
        var kicks = dave.Drain();
        Assert.Equal(["bob", "carol"], kicks.Where(m => m.Command == "KICK").Select(m => m.Parameters[1]));
        Assert.All(kicks, k => Assert.Equal("bye", k.Parameters[2]));
    }

    [Fact]
    public void Kick_pairs_rooms_with_nicks_when_both_are_lists()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#a");
        alice.Send("JOIN #b");
        var bob = h.Joined("bob", "#a");
        var carol = h.Joined("carol", "#b");
        alice.Drain();
        alice.Send("KICK #a,#b bob,carol");
        Assert.Equal(["#a", "bob", "alice"], bob.Drain().Only("KICK").Parameters);
        Assert.Equal(["#b", "carol", "alice"], carol.Drain().Only("KICK").Parameters);
    }

    [Fact]
    public void Kick_by_a_non_operator_is_482()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        bob.Send("KICK #r alice");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
        Assert.True(h.Hub.Rooms.Find("#r")!.Contains(alice.Session));
    }

    [Fact]
    public void Kick_of_someone_not_in_the_room_is_441()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Connect("bob");
        alice.Send("KICK #r bob");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_USERNOTINCHANNEL, reply.Command);
        Assert.Equal(["alice", "bob", "#r", "They aren't on that channel"], reply.Parameters);
    }

    [Fact]
    public void Kick_of_an_unknown_nick_is_401()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("KICK #r ghost");
        Assert.Equal(Numerics.ERR_NOSUCHNICK, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Kick_from_a_room_one_is_not_in_is_442()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Connect("bob");
        bob.Send("KICK #r alice");
        Assert.Equal(Numerics.ERR_NOTONCHANNEL, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Kick_from_a_missing_room_is_403()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("KICK #nowhere bob");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Kick_reason_is_cut_to_kicklen()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("KICK #r bob :" + new string('y', ServerSupport.TextLength + 10));
        Assert.Equal(ServerSupport.TextLength, bob.Drain().Only("KICK").Parameters[2].Length);
    }

    [Fact]
    public void Kick_with_mismatched_room_and_nick_lists_is_461()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#a");
        alice.Send("KICK #a,#b x,y,z");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Kick_targets_beyond_targmax_are_dropped()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var nicks = Enumerable.Range(1, ServerSupport.MaxTargets + 1).Select(i => "user" + i).ToList();
        foreach (var nick in nicks)
        {
            h.Joined(nick, "#r");
        }
        alice.Drain();
        alice.Send("KICK #r " + string.Join(',', nicks));
        Assert.Equal(ServerSupport.MaxTargets, alice.Drain().Count(m => m.Command == "KICK"));
        Assert.True(h.Hub.Rooms.Find("#r")!.Contains(h.Hub.Nicks.Find(nicks[^1])!));
    }
}
