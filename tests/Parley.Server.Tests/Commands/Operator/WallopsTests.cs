using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Operator;

public sealed class WallopsTests
{
    [Fact]
    public void Wallops_reaches_users_with_mode_w_only()
    {
        var harness = new HubHarness();
        var oper = harness.Connect("oper");
        oper.Session.Modes |= UserModes.Operator;
        var listener = harness.Connect("listener");
        listener.Session.Modes |= UserModes.Wallops;
        var other = harness.Connect("other");

        oper.Send("WALLOPS :maintenance at noon");

        var wallops = Assert.Single(listener.Drain());
        Assert.Equal("WALLOPS", wallops.Command);
        Assert.StartsWith("oper!", wallops.Source);
        Assert.Equal(["maintenance at noon"], wallops.Parameters);
        Assert.Empty(other.Drain());
        Assert.Empty(oper.Drain());
    }

    [Fact]
    public void Wallops_by_a_non_operator_is_481()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var listener = harness.Connect("listener");
        listener.Session.Modes |= UserModes.Wallops;
        alice.Send("WALLOPS :hello");
        Assert.Equal(Numerics.ERR_NOPRIVILEGES, Assert.Single(alice.Drain()).Command);
        Assert.Empty(listener.Drain());
    }
}
