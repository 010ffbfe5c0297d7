using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

public sealed class MetadataStoreTests
{
    private static (MetadataStore Store, Session Alice, Session Bob) Arrange()
    {
        var harness = new HubHarness();
        return (new MetadataStore(), harness.Connect("alice").Session, harness.Connect("bob").Session);
    }

    [Fact]
    public void Values_belong_to_their_target_only()
    {
        var (store, alice, bob) = Arrange();
        var room = new Room("#x", DateTimeOffset.UnixEpoch);

        store.Set(alice, "avatar", "a.png");
        store.Set(room, "avatar", "room.png");

        Assert.Equal("a.png", store.Get(alice, "avatar"));
        Assert.Equal("room.png", store.Get(room, "avatar"));
        Assert.Null(store.Get(bob, "avatar"));
    }

    [Fact]
    public void Set_tells_added_changed_and_unchanged_apart()
    {
        var (store, alice, _) = Arrange();

        Assert.Equal(MetadataSetResult.Added, store.Set(alice, "k", "1"));
        Assert.Equal(MetadataSetResult.Changed, store.Set(alice, "k", "2"));
        Assert.Equal(MetadataSetResult.Unchanged, store.Set(alice, "k", "2"));
        Assert.Equal("2", store.Get(alice, "k"));
    }

    [Fact]
    public void List_keeps_the_order_keys_were_first_set_in()
    {
        var (store, alice, _) = Arrange();
        store.Set(alice, "b", "1");
        store.Set(alice, "a", "2");
        store.Set(alice, "b", "3");

        Assert.Equal([new("b", "3"), new("a", "2")], store.List(alice));
    }

    [Fact]
    public void A_target_holds_at_most_max_keys_but_may_still_change_them()
    {
        var (store, alice, _) = Arrange();
        for (var i = 0; i < MetadataLimits.MaxKeys; i++)
        {
            Assert.Equal(MetadataSetResult.Added, store.Set(alice, $"k{i}", "v"));
        }

        Assert.Equal(MetadataSetResult.LimitReached, store.Set(alice, "one-more", "v"));
        Assert.Equal(MetadataSetResult.Changed, store.Set(alice, "k0", "w"));
        Assert.Null(store.Get(alice, "one-more"));
        Assert.Equal(MetadataLimits.MaxKeys, store.List(alice).Count);
    }

    [Fact]
    public void Remove_and_clear_report_what_was_there()
    {
        var (store, alice, _) = Arrange();
        store.Set(alice, "a", "1");
        store.Set(alice, "b", "2");

        Assert.True(store.Remove(alice, "a"));
        Assert.False(store.Remove(alice, "a"));
        Assert.Equal([new("b", "2")], store.Clear(alice));
        Assert.Empty(store.Clear(alice));
        Assert.Empty(store.List(alice));
    }

    [Fact]
    public void Subscriptions_are_bounded_and_resubscribing_costs_nothing()
    {
        var (store, alice, _) = Arrange();
        for (var i = 0; i < MetadataLimits.MaxSubscriptions; i++)
        {
            Assert.True(store.Subscribe(alice, $"k{i}"));
        }

        Assert.True(store.Subscribe(alice, "k0"));
        Assert.False(store.Subscribe(alice, "another"));
        Assert.True(store.Unsubscribe(alice, "k1"));
        Assert.False(store.Unsubscribe(alice, "k1"));
        Assert.True(store.Subscribe(alice, "another"));
        Assert.True(store.IsSubscribed(alice, "another"));
        Assert.Equal(MetadataLimits.MaxSubscriptions, store.Subscriptions(alice).Count);
    }

    [Fact]
    public void Forget_drops_a_sessions_values_and_subscriptions()
    {
        var (store, alice, bob) = Arrange();
        store.Set(alice, "a", "1");
        store.Subscribe(alice, "a");
        store.Set(bob, "a", "2");

        store.Forget(alice);

        Assert.Empty(store.List(alice));
        Assert.Empty(store.Subscriptions(alice));
        Assert.Equal("2", store.Get(bob, "a"));
    }

    [Fact]
    public void A_room_created_again_under_the_same_name_starts_without_metadata()
    {
        var (store, _, _) = Arrange();
        var first = new Room("#x", DateTimeOffset.UnixEpoch);
        store.Set(first, "a", "1");

        var second = new Room("#x", DateTimeOffset.UnixEpoch);

        Assert.Null(store.Get(second, "a"));
    }

    [Theory]
    [InlineData("display-name", true)]
    [InlineData("im.xmpp", true)]
    [InlineData("a_b/c-9", true)]
    [InlineData("", false)]
    [InlineData("Display", false)]
    [InlineData("$url", false)]
    [InlineData("with space", false)]
    public void Key_names_are_lower_case_letters_digits_and_punctuation(string key, bool valid) =>
        Assert.Equal(valid, MetadataLimits.IsValidKey(key));

    [Fact]
    public void Key_names_and_values_have_a_length_limit()
    {
        Assert.True(MetadataLimits.IsValidKey(new string('k', MetadataLimits.MaxKeyLength)));
        Assert.False(MetadataLimits.IsValidKey(new string('k', MetadataLimits.MaxKeyLength + 1)));
        Assert.True(MetadataLimits.IsValidValue(new string('v', MetadataLimits.MaxValueBytes)));
        // Counted in bytes: a four-byte character near the end tips it over.
        Assert.False(MetadataLimits.IsValidValue(new string('v', MetadataLimits.MaxValueBytes - 3) + "\U0001F49C"));
    }
}
