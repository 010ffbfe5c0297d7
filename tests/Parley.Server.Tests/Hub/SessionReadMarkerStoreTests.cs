using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

public sealed class SessionReadMarkerStoreTests
{
    private static readonly DateTimeOffset Earlier = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddMinutes(5);

    [Fact]
    public void Targets_are_matched_in_any_case()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice").Session;
        var store = new SessionReadMarkerStore();
        store.Advance(alice, "#Room[1]", Earlier);
        Assert.Equal(Earlier, store.Get(alice, "#room{1}"));
    }

    [Fact]
    public void Advance_keeps_the_later_of_the_two_times()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice").Session;
        var store = new SessionReadMarkerStore();
        Assert.Equal(Later, store.Advance(alice, "bob", Later));
        Assert.Equal(Later, store.Advance(alice, "bob", Earlier));
        Assert.Equal(Later, store.Get(alice, "bob"));
    }

    [Fact]
    public void Each_session_has_its_own_markers()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice").Session;
        var bob = h.Connect("bob").Session;
        var store = new SessionReadMarkerStore();
        store.Advance(alice, "#r", Earlier);
        Assert.Null(store.Get(bob, "#r"));
    }
}
