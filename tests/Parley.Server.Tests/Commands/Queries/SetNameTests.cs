using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class SetNameTests
{
    [Fact]
    public void Setname_changes_the_real_name_and_confirms_to_the_sender()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        alice.Send("SETNAME :Alice Liddell");
        var confirm = Assert.Single(alice.Drain());
        Assert.Equal("SETNAME", confirm.Command);
        Assert.Equal(["Alice Liddell"], confirm.Parameters);
        Assert.Equal("Alice Liddell", alice.Session.RealName);
    }

    [Fact]
    public void Setname_is_sent_to_peers_with_the_capability_only()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        var bob = harness.Connect("bob", "setname");
        var carol = harness.Connect("carol");
        foreach (var c in new[] { alice, bob, carol })
        {
            c.Send("JOIN #room");
        }
        bob.Drain();
        carol.Drain();

        alice.Send("SETNAME :New Name");

        var seen = Assert.Single(bob.Drain());
        Assert.Equal("SETNAME", seen.Command);
        Assert.StartsWith("alice!", seen.Source);
        Assert.Empty(carol.Drain());
    }

    [Fact]
    public void Setname_shows_in_whois()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        alice.Send("SETNAME :Someone Else");
        alice.Drain();
        alice.Send("WHOIS alice");
        Assert.Equal("Someone Else", alice.Drain().First(m => m.Command == Numerics.RPL_WHOISUSER).Parameters[^1]);
    }

    [Fact]
    public void Setname_too_long_fails_with_invalid_realname_and_keeps_the_old_name()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        alice.Send("SETNAME :" + new string('x', ServerSupport.RealNameLength + 1));
        var fail = Assert.Single(alice.Drain());
        Assert.Equal("FAIL", fail.Command);
        Assert.Equal(["SETNAME", "INVALID_REALNAME"], fail.Parameters.Take(2));
        Assert.Equal("alice Realname", alice.Session.RealName);
    }

    [Fact]
    public void Setname_blank_fails_with_invalid_realname()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        alice.Send("SETNAME :   ");
        Assert.Equal("INVALID_REALNAME", Assert.Single(alice.Drain()).Parameters[1]);
    }

    [Fact]
    public void Setname_without_a_parameter_is_461()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "setname");
        alice.Send("SETNAME");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }
}
