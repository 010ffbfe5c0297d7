using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class UserModeTests
{
    [Fact]
    public void Mode_on_oneself_without_changes_is_221()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE alice");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_UMODEIS, reply.Command);
        Assert.Equal(["alice", "+"], reply.Parameters);
    }

    [Fact]
    public void Invisible_and_wallops_are_set_and_echoed_as_mode()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE Alice +iw");
        var mode = Assert.Single(alice.Drain());
        Assert.Equal("MODE", mode.Command);
        Assert.Equal(["alice", "+iw"], mode.Parameters);
        Assert.Equal(UserModes.Invisible | UserModes.Wallops, alice.Session.Modes);
        alice.Send("MODE alice");
        Assert.Equal("+iw", Assert.Single(alice.Drain()).Parameters[1]);
    }

    [Fact]
    public void Unsetting_a_mode_is_echoed_with_minus()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE alice +i");
        alice.Drain();
        alice.Send("MODE alice -i");
        Assert.Equal(["alice", "-i"], Assert.Single(alice.Drain()).Parameters);
        Assert.Equal(UserModes.None, alice.Session.Modes);
    }

    [Fact]
    public void Setting_a_mode_already_held_sends_nothing()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE alice +i");
        alice.Drain();
        alice.Send("MODE alice +i");
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public void Plus_o_is_ignored()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE alice +o");
        Assert.Empty(alice.Drain());
        Assert.False(alice.Session.IsOperator);
    }

    [Fact]
    public void Minus_o_drops_operator_rights()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Session.Modes = UserModes.Operator; // as OPER would have set it
        alice.Send("MODE alice -o");
        Assert.Equal(["alice", "-o"], Assert.Single(alice.Drain()).Parameters);
        Assert.False(alice.Session.IsOperator);
    }

    [Fact]
    public void Unknown_flag_is_501_after_the_known_ones_apply()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE alice +iZ");
        var replies = alice.Drain();
        Assert.Equal(["MODE", Numerics.ERR_UMODEUNKNOWNFLAG], replies.Commands());
        Assert.True(alice.Session.Modes.HasFlag(UserModes.Invisible));
    }

    [Fact]
    public void Changing_another_users_modes_is_502()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        var bob = h.Connect("bob");
        alice.Send("MODE bob +i");
        Assert.Equal(Numerics.ERR_USERSDONTMATCH, Assert.Single(alice.Drain()).Command);
        Assert.Equal(UserModes.None, bob.Session.Modes);
    }

    [Fact]
    public void Viewing_another_users_modes_is_502()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        h.Connect("bob");
        alice.Send("MODE bob");
        Assert.Equal(Numerics.ERR_USERSDONTMATCH, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Mode_on_an_unknown_nick_is_401()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE ghost +i");
        Assert.Equal(Numerics.ERR_NOSUCHNICK, Assert.Single(alice.Drain()).Command);
    }
}
