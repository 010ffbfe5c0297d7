using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

public sealed class MonitorRegistryTests
{
    private static (MonitorRegistry Registry, Session A, Session B) Setup()
    {
        var harness = new HubHarness();
        return (new MonitorRegistry(), harness.ConnectRaw().Session, harness.ConnectRaw().Session);
    }

    [Fact]
    public void A_nick_is_watched_in_any_case_and_listed_as_given()
    {
        var (registry, a, _) = Setup();
        Assert.True(registry.TryAdd(a, "Bob[x]", limit: 10));
        Assert.Equal([a], registry.WatchersOf("BOB{X}"));
        Assert.True(registry.IsWatching(a, "bob[x]"));
        Assert.Equal(["Bob[x]"], registry.ListOf(a));
    }

    [Fact]
    public void Adding_the_same_nick_twice_keeps_one_entry_even_at_the_limit()
    {
        var (registry, a, _) = Setup();
        Assert.True(registry.TryAdd(a, "bob", limit: 1));
        Assert.True(registry.TryAdd(a, "BOB", limit: 1));
        Assert.False(registry.TryAdd(a, "carol", limit: 1));
        Assert.Equal(1, registry.CountOf(a));
        Assert.Empty(registry.WatchersOf("carol"));
    }

    [Fact]
    public void Removing_one_watcher_keeps_the_others()
    {
        var (registry, a, b) = Setup();
        registry.TryAdd(a, "bob", 10);
        registry.TryAdd(b, "bob", 10);
        registry.Remove(a, "Bob");
        Assert.Equal([b], registry.WatchersOf("bob"));
        Assert.Equal(0, registry.CountOf(a));
    }

    [Fact]
    public void Clearing_a_watcher_leaves_no_empty_entries_behind()
    {
        var (registry, a, _) = Setup();
        registry.TryAdd(a, "bob", 10);
        registry.TryAdd(a, "carol", 10);
        registry.Clear(a);
        Assert.Equal(0, registry.WatchedNickCount);
        Assert.Empty(registry.ListOf(a));
    }
}
