using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

public sealed class MetadataNotificationTests
{
    [Fact]
    public void A_subscriber_sharing_a_room_hears_each_change_and_removal()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#room");
        var bob = harness.JoinedWithMetadata("bob", "#room");
        bob.SendAndSettle("METADATA * SUB display-name", alice);

        alice.Send("METADATA * SET display-name :Alice");
        var set = Assert.Single(bob.Drain());
        Assert.Equal(Numerics.RPL_KEYVALUE, set.Command);
        Assert.Equal(["alice", "display-name", "*", "Alice"], set.Parameters.Skip(1));

        alice.Send("METADATA * SET display-name");
        var removed = Assert.Single(bob.Drain());
        Assert.Equal(Numerics.RPL_KEYNOTSET, removed.Command);
        Assert.Equal(["alice", "display-name"], removed.Parameters.Skip(1).Take(2));

        // The one who made the change has its reply and nothing more.
        Assert.Equal(2, alice.Drain().Count);
    }

    [Fact]
    public void Setting_the_same_value_again_tells_nobody()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#room");
        var bob = harness.JoinedWithMetadata("bob", "#room");
        bob.SendAndSettle("METADATA * SUB display-name", alice);
        alice.SendAndSettle("METADATA * SET display-name :Alice", bob);

        alice.Send("METADATA * SET display-name :Alice");

        Assert.Single(alice.Drain());
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void Nobody_hears_of_a_key_they_did_not_subscribe_to_or_from_someone_they_share_no_room_with()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#room");
        var unsubscribed = harness.JoinedWithMetadata("member", "#room");
        var elsewhere = harness.JoinedWithMetadata("elsewhere", "#other");
        var noCap = harness.Connect("nocap");
        noCap.SendAndSettle("JOIN #room");
        elsewhere.SendAndSettle("METADATA * SUB display-name");
        noCap.SendAndSettle("METADATA * SUB display-name");
        unsubscribed.SendAndSettle("METADATA * SUB avatar", alice);

        alice.Send("METADATA * SET display-name :Alice");

        Assert.Empty(unsubscribed.Drain());
        Assert.Empty(elsewhere.Drain());
        Assert.Empty(noCap.Drain());
    }

    [Fact]
    public void Room_changes_reach_the_subscribed_members()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        var member = harness.JoinedWithMetadata("member", "#room");
        var outsider = harness.ConnectWithMetadata("outsider");
        member.SendAndSettle("METADATA * SUB url", op);
        outsider.SendAndSettle("METADATA * SUB url");

        op.Send("METADATA #room SET url :https://room.example");

        Assert.Equal(["#room", "url", "*", "https://room.example"], Assert.Single(member.Drain()).Parameters.Skip(1));
        Assert.Empty(outsider.Drain());
    }

    [Fact]
    public void Clear_tells_subscribers_each_key_that_went()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#room");
        var bob = harness.JoinedWithMetadata("bob", "#room");
        alice.SendAndSettle("METADATA * SET a :1");
        alice.SendAndSettle("METADATA * SET b :2");
        bob.SendAndSettle("METADATA * SUB a b", alice);

        alice.Send("METADATA * CLEAR");

        var heard = bob.Drain();
        Assert.All(heard, m => Assert.Equal(Numerics.RPL_KEYNOTSET, m.Command));
        Assert.Equal(["a", "b"], heard.Select(m => m.Parameters[2]));
    }

    [Fact]
    public void A_joiner_gets_the_subscribed_values_of_the_room_and_its_members_after_names()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        op.SendAndSettle("METADATA #room SET url :https://room.example");
        op.SendAndSettle("METADATA * SET avatar :op.png");
        op.SendAndSettle("METADATA * SET pronouns :not asked for");
        var bob = harness.ConnectWithMetadata("bob");
        bob.SendAndSettle("METADATA * SUB url avatar");

        bob.Send("JOIN #room");

        var replies = bob.Drain();
        var endOfNames = replies.FindIndex(m => m.Command == Numerics.RPL_ENDOFNAMES);
        var batchStart = replies.FindIndex(m => m.Command == "BATCH");
        Assert.True(batchStart > endOfNames);
        var (parameters, inside) = replies.Batch("metadata");
        Assert.Equal(["#room"], parameters);
        Assert.Equal([("#room", "url", "https://room.example"), ("op", "avatar", "op.png")],
            inside.Select(m => (m.Parameters[1], m.Parameters[2], m.Parameters[4])));
    }

    [Fact]
    public void A_join_with_nothing_to_tell_adds_no_batch()
    {
        var harness = new HubHarness();
        harness.JoinedWithMetadata("op", "#room");
        var bob = harness.ConnectWithMetadata("bob");
        bob.SendAndSettle("METADATA * SUB avatar");

        bob.Send("JOIN #room");

        Assert.DoesNotContain(bob.Drain(), m => m.Command == "BATCH");
    }

    [Fact]
    public void Members_learn_a_newcomers_values_unless_they_already_shared_a_room()
    {
        var harness = new HubHarness();
        var stranger = harness.JoinedWithMetadata("stranger", "#room");
        var friend = harness.JoinedWithMetadata("friend", "#room");
        friend.SendAndSettle("JOIN #old");
        stranger.SendAndSettle("METADATA * SUB avatar");
        friend.SendAndSettle("METADATA * SUB avatar", stranger);
        var bob = harness.ConnectWithMetadata("bob");
        bob.SendAndSettle("JOIN #old", friend);
        bob.SendAndSettle("METADATA * SET avatar :bob.png", friend);

        bob.Send("JOIN #room");

        var told = Assert.Single(stranger.Drain(), m => m.Command == Numerics.RPL_KEYVALUE);
        Assert.Equal(["bob", "avatar", "*", "bob.png"], told.Parameters.Skip(1));
        Assert.DoesNotContain(friend.Drain(), m => m.Command == Numerics.RPL_KEYVALUE);
    }

    [Fact]
    public void Whois_shows_the_targets_metadata_to_metadata_clients_only()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET display-name :Alice");
        var bob = harness.ConnectWithMetadata("bob");
        var plain = harness.Connect("plain");

        bob.Send("WHOIS alice");
        var line = Assert.Single(bob.Drain(), m => m.Command == Numerics.RPL_WHOISKEYVALUE);
        Assert.Equal(["bob", "alice", "display-name", "*", "Alice"], line.Parameters);

        plain.Send("WHOIS alice");
        Assert.DoesNotContain(plain.Drain(), m => m.Command == Numerics.RPL_WHOISKEYVALUE);
    }

    [Fact]
    public void A_user_who_quits_takes_their_metadata_along()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET display-name :Alice");
        var first = alice.Session;

        alice.Send("QUIT");

        Assert.Empty(harness.Hub.Metadata.List(first));
        var newcomer = harness.ConnectWithMetadata("alice");
        newcomer.Send("METADATA alice GET display-name");
        Assert.Equal(Numerics.RPL_KEYNOTSET, Assert.Single(newcomer.Drain().Batch("metadata").Inside).Command);
    }

    [Fact]
    public void A_room_emptied_and_created_again_has_no_metadata()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        op.SendAndSettle("METADATA #room SET url :old");
        op.SendAndSettle("PART #room");

        op.SendAndSettle("JOIN #room");
        op.Send("METADATA #room LIST");

        Assert.Empty(op.Drain().Batch("metadata").Inside);
    }
}
