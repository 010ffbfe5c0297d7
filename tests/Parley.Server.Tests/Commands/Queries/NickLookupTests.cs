using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class NickLookupTests
{
    [Fact]
    public void Ison_replies_with_the_online_nicks_in_their_own_case()
    {
        var harness = new HubHarness();
        harness.Connect("Alice");
        var bob = harness.Connect("bob");
        bob.Send("ISON alice ghost BOB");
        var reply = Assert.Single(bob.Drain());
        Assert.Equal(["bob", "Alice bob"], reply.Parameters);
    }

    [Fact]
    public void Ison_accepts_nicks_in_a_trailing_parameter()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("ISON :ghost alice");
        Assert.Equal("alice", Assert.Single(bob.Drain()).Parameters[1]);
    }

    [Fact]
    public void Ison_with_nobody_online_is_an_empty_303()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("ISON ghost");
        var reply = Assert.Single(bob.Drain());
        Assert.Equal(Numerics.RPL_ISON, reply.Command);
        Assert.Equal("", reply.Parameters[1]);
    }

    [Fact]
    public void Userhost_marks_present_users_with_plus()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("USERHOST alice");
        Assert.Equal(["bob", "alice=+~alice@127.0.0.1"], Assert.Single(bob.Drain()).Parameters);
    }

    [Fact]
    public void Userhost_marks_away_users_with_minus_and_operators_with_a_star()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("AWAY :out");
        alice.Session.Modes |= UserModes.Operator;
        var bob = harness.Connect("bob");
        bob.Send("USERHOST alice");
        Assert.Equal("alice*=-~alice@127.0.0.1", Assert.Single(bob.Drain()).Parameters[1]);
    }

    [Fact]
    public void Userhost_answers_at_most_five_nicks()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("USERHOST bob bob bob bob bob bob bob");
        Assert.Equal(5, Assert.Single(bob.Drain()).Parameters[1].Split(' ').Length);
    }

    [Fact]
    public void Userhost_without_nicks_is_461()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("USERHOST");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(bob.Drain()).Command);
    }
}
