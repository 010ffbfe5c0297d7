using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

public sealed class MetadataSubscriptionTests
{
    [Fact]
    public void Sub_is_acknowledged_with_770_and_subs_lists_the_keys_in_a_metadata_subs_batch()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * SUB avatar display-name");
        var ack = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_METADATASUBOK, ack.Command);
        Assert.Equal(["alice", "avatar", "display-name"], ack.Parameters);

        alice.Send("METADATA * SUBS");
        var (_, inside) = alice.Drain().Batch("metadata-subs");
        Assert.Equal(Numerics.RPL_METADATASUBS, Assert.Single(inside).Command);
        Assert.Equal(["avatar", "display-name"], inside[0].Parameters.Skip(1).Order());
    }

    [Fact]
    public void An_invalid_key_is_reported_and_the_others_are_still_subscribed()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * SUB foo $url bar");

        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_METADATASUBOK, "FAIL"], replies.Select(m => m.Command));
        Assert.Equal(["alice", "foo", "bar"], replies[0].Parameters);
        Assert.Equal(["METADATA", "KEY_INVALID", "$url"], replies[1].Parameters.Take(3));
    }

    [Fact]
    public void At_the_limit_the_first_unprocessed_key_is_named_in_too_many_subs()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        var first = Enumerable.Range(0, MetadataLimits.MaxSubscriptions - 1).Select(i => $"k{i}");
        alice.SendAndSettle("METADATA * SUB :" + string.Join(' ', first));

        alice.Send("METADATA * SUB k0 last over after");

        var replies = alice.Drain();
        Assert.Equal(["alice", "k0", "last"], replies[0].Parameters);
        Assert.Equal(["METADATA", "TOO_MANY_SUBS", "over"], replies[1].Parameters.Take(3));
        Assert.False(harness.Hub.Metadata.IsSubscribed(alice.Session, "after"));
        Assert.Equal(MetadataLimits.MaxSubscriptions, harness.Hub.Metadata.Subscriptions(alice.Session).Count);
    }

    [Fact]
    public void Keys_may_come_as_one_trailing_parameter_or_past_the_fifteenth_parameter()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        var keys = Enumerable.Range(0, 16).Select(i => $"k{i}").ToList();

        alice.Send("METADATA * SUB " + string.Join(' ', keys));
        alice.Drain();
        alice.Send("METADATA * UNSUB :k0 k1");
        alice.Drain();

        Assert.Equal(keys.Skip(2).Order(), harness.Hub.Metadata.Subscriptions(alice.Session).Order());
    }

    [Fact]
    public void Unsub_acknowledges_every_valid_key_subscribed_or_not()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SUB avatar website");

        alice.Send("METADATA * UNSUB website never");

        var ack = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_METADATAUNSUBOK, ack.Command);
        Assert.Equal(["alice", "website", "never"], ack.Parameters);
        Assert.Equal(["avatar"], harness.Hub.Metadata.Subscriptions(alice.Session));
    }

    [Fact]
    public void Subs_with_no_subscription_is_an_empty_batch()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * SUBS");

        Assert.Empty(alice.Drain().Batch("metadata-subs").Inside);
    }

    [Fact]
    public void A_long_subscription_list_is_split_over_several_lines()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        var keys = Enumerable.Range(0, 9).Select(i => $"{i}" + new string('k', 47)).ToList();

        alice.Send("METADATA * SUB :" + string.Join(' ', keys));

        var acks = alice.Drain();
        Assert.True(acks.Count > 1);
        Assert.All(acks, m => Assert.True(m.ToString().Length < 510));
        Assert.Equal(keys, acks.SelectMany(m => m.Parameters.Skip(1)));
    }

    [Fact]
    public void Subscribing_brings_the_current_values_of_the_new_keys_from_shared_rooms()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#room");
        alice.SendAndSettle("METADATA * SET avatar :alice.png");
        alice.SendAndSettle("METADATA #room SET avatar :room.png");
        var bob = harness.JoinedWithMetadata("bob", "#room");
        var carol = harness.ConnectWithMetadata("carol");
        carol.SendAndSettle("METADATA * SET avatar :carol.png");

        bob.Send("METADATA * SUB avatar");

        var replies = bob.Drain();
        Assert.Equal(Numerics.RPL_METADATASUBOK, replies[0].Command);
        Assert.Equal([("#room", "room.png"), ("alice", "alice.png")],
            replies.Skip(1).Select(m => (m.Parameters[1], m.Parameters[4])));
    }
}
