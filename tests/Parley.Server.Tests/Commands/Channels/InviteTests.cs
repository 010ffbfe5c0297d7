using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class InviteTests
{
    [Fact]
    public void Invite_sends_341_to_the_inviter_and_invite_to_the_target()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Connect("bob");
        alice.Send("INVITE bob #r");
        Assert.Equal(["alice", "bob", "#r"], Assert.Single(alice.Drain()).Parameters);
        var invite = Assert.Single(bob.Drain());
        Assert.Equal("INVITE", invite.Command);
        Assert.StartsWith("alice!", invite.Source);
        Assert.Equal(["bob", "#r"], invite.Parameters);
    }

    [Fact]
    public void Invited_user_may_join_an_invite_only_room_once()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +i");
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, Assert.Single(bob.Drain()).Command);
        alice.Send("INVITE bob #r");
        bob.Drain();
        bob.Send("JOIN #r");
        Assert.Equal("JOIN", bob.Drain()[0].Command);
        bob.Send("PART #r");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, bob.Drain()[^1].Command);
    }

    [Fact]
    public void An_invitation_follows_the_person_not_the_nick()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +i");
        var bob = h.Connect("bob");
        alice.Send("INVITE bob #r");
        bob.Send("NICK robert");
        var impostor = h.Connect("bob");
        impostor.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_INVITEONLYCHAN, Assert.Single(impostor.Drain()).Command);
        bob.Drain();
        bob.Send("JOIN #r");
        Assert.Equal("JOIN", bob.Drain()[0].Command);
    }

    [Fact]
    public void Invited_user_passes_the_limit_and_bans()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +lb 1 bob");
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_CHANNELISFULL, Assert.Single(bob.Drain()).Command);
        alice.Send("INVITE bob #r");
        bob.Drain();
        bob.Send("JOIN #r");
        Assert.Equal("JOIN", bob.Drain()[0].Command);
    }

    [Fact]
    public void Invite_to_an_invite_only_room_needs_operator_482()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +i");
        h.Connect("carol");
        bob.Drain();
        bob.Send("INVITE carol #r");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Any_member_may_invite_to_a_room_that_is_not_invite_only()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        h.Connect("carol");
        bob.Send("INVITE carol #r");
        Assert.Equal(Numerics.RPL_INVITING, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Invite_from_outside_the_room_is_442_and_target_hears_nothing()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Connect("bob");
        var carol = h.Connect("carol");
        bob.Send("INVITE carol #r");
        Assert.Equal(Numerics.ERR_NOTONCHANNEL, Assert.Single(bob.Drain()).Command);
        Assert.Empty(carol.Drain());
    }

    [Fact]
    public void Invite_of_someone_already_in_the_room_is_443()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Joined("bob", "#r");
        alice.Drain();
        alice.Send("INVITE bob #r");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_USERONCHANNEL, reply.Command);
        Assert.Equal(["alice", "bob", "#r", "is already on channel"], reply.Parameters);
    }

    [Fact]
    public void Invite_of_an_unknown_nick_is_401()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("INVITE ghost #r");
        Assert.Equal(Numerics.ERR_NOSUCHNICK, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Invite_to_a_missing_room_is_403()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        h.Connect("bob");
        alice.Send("INVITE bob #nowhere");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Invite_with_one_parameter_is_461()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("INVITE bob");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Other_members_without_invite_notify_are_not_told()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +o bob");
        bob.Drain();
        h.Connect("carol");
        alice.Send("INVITE carol #r");
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void Operators_with_invite_notify_see_the_invite()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r", "invite-notify");
        var dave = h.Joined("dave", "#r", "invite-notify");
        alice.Send("MODE #r +o bob");
        RoomFixture.DrainAll(alice, bob, dave);
        h.Connect("carol");
        alice.Send("INVITE carol #r");
        var notice = Assert.Single(bob.Drain());
        Assert.Equal("INVITE", notice.Command);
        Assert.StartsWith("alice!", notice.Source);
        Assert.Equal(["carol", "#r"], notice.Parameters);
        Assert.Empty(dave.Drain()); // not an operator: could not have invited to a +i room
        Assert.Equal([Numerics.RPL_INVITING], alice.Drain().Commands());
    }

    [Fact]
    public void Invite_without_parameters_lists_pending_invitations()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("JOIN #s");
        var bob = h.Connect("bob");
        alice.Send("INVITE bob #s");
        alice.Send("INVITE bob #r");
        bob.Drain();
        bob.Send("INVITE");
        var replies = bob.Drain();
        Assert.Equal([Numerics.RPL_INVITELIST, Numerics.RPL_INVITELIST, Numerics.RPL_ENDOFINVITELIST], replies.Commands());
        Assert.Equal(["bob", "#r"], replies[0].Parameters);
        Assert.Equal(["bob", "#s"], replies[1].Parameters);
    }
}
