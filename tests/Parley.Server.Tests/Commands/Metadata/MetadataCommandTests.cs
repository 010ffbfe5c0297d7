using Parley.Protocol.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

public sealed class MetadataCommandTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("alice")]
    [InlineData("ALICE")]
    public void Set_on_oneself_answers_761_with_the_nick_as_target(string target)
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send($"METADATA {target} SET display-name :Alice A.");

        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_KEYVALUE, reply.Command);
        Assert.Equal(["alice", "alice", "display-name", "*", "Alice A."], reply.Parameters);
        Assert.Equal("Alice A.", harness.Hub.Metadata.Get(alice.Session, "display-name"));
    }

    [Fact]
    public void Get_answers_every_key_in_order_inside_one_metadata_batch()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET avatar :https://a.example/a.png");

        alice.Send("METADATA * GET display-name avatar $bad");

        var (parameters, inside) = alice.Drain().Batch("metadata");
        Assert.Equal(["alice"], parameters);
        Assert.Equal([Numerics.RPL_KEYNOTSET, Numerics.RPL_KEYVALUE, "FAIL"], inside.Select(m => m.Command));
        Assert.Equal(["alice", "alice", "display-name", "key not set"], inside[0].Parameters);
        Assert.Equal(["alice", "alice", "avatar", "*", "https://a.example/a.png"], inside[1].Parameters);
        Assert.Equal(["METADATA", "KEY_INVALID", "$bad"], inside[2].Parameters.Take(3));
    }

    [Fact]
    public void Get_of_another_user_works_without_sharing_a_room()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        var bob = harness.ConnectWithMetadata("bob");
        alice.SendAndSettle("METADATA * SET display-name :Alice");

        bob.Send("METADATA Alice GET display-name");

        var (_, inside) = bob.Drain().Batch("metadata");
        Assert.Equal(["bob", "alice", "display-name", "*", "Alice"], Assert.Single(inside).Parameters);
    }

    [Fact]
    public void List_gives_every_key_and_an_empty_batch_when_there_is_none()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * LIST");
        Assert.Empty(alice.Drain().Batch("metadata").Inside);

        alice.SendAndSettle("METADATA * SET a :1");
        alice.SendAndSettle("METADATA * SET b :2");
        alice.Send("METADATA * LIST");
        var (_, inside) = alice.Drain().Batch("metadata");
        Assert.Equal([("a", "1"), ("b", "2")], inside.Select(m => (m.Parameters[2], m.Parameters[4])));
    }

    [Fact]
    public void Without_the_batch_capability_replies_come_as_plain_lines()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", MetadataFixture.Cap);

        alice.Send("METADATA * GET a b");

        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_KEYNOTSET, Numerics.RPL_KEYNOTSET], replies.Select(m => m.Command));
        Assert.All(replies, m => Assert.Empty(m.Tags));
    }

    [Theory]
    [InlineData("nobody", "LIST")]
    [InlineData("#nowhere", "GET a")]
    [InlineData("nobody", "SET a :1")]
    [InlineData("#nowhere", "CLEAR")]
    [InlineData("nobody", "SYNC")]
    public void An_unknown_target_is_fail_invalid_target_and_nothing_else(string target, string rest)
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send($"METADATA {target} {rest}");

        var reply = Assert.Single(alice.Drain());
        Assert.Equal(["METADATA", "INVALID_TARGET", target], reply.Parameters.Take(3));
        Assert.Equal("FAIL", reply.Command);
    }

    [Fact]
    public void A_secret_room_is_an_invalid_target_to_outsiders()
    {
        var harness = new HubHarness();
        var alice = harness.JoinedWithMetadata("alice", "#hidden");
        alice.SendAndSettle("MODE #hidden +s");
        var bob = harness.ConnectWithMetadata("bob");

        bob.Send("METADATA #hidden LIST");

        Assert.Equal(["METADATA", "INVALID_TARGET", "#hidden"], Assert.Single(bob.Drain()).Parameters.Take(3));
    }

    [Fact]
    public void Set_without_a_value_removes_the_key_and_removing_an_unset_key_is_key_not_set()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET avatar :x");

        alice.Send("METADATA * SET avatar");
        var removed = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_KEYNOTSET, removed.Command);
        Assert.Equal(["alice", "alice", "avatar", "key not set"], removed.Parameters);
        Assert.Null(harness.Hub.Metadata.Get(alice.Session, "avatar"));

        alice.Send("METADATA * SET avatar");
        var again = Assert.Single(alice.Drain());
        Assert.Equal("FAIL", again.Command);
        Assert.Equal(["METADATA", "KEY_NOT_SET", "alice", "avatar"], again.Parameters.Take(4));
    }

    [Fact]
    public void An_empty_value_is_a_value_not_a_removal()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * SET status :");

        Assert.Equal(Numerics.RPL_KEYVALUE, Assert.Single(alice.Drain()).Command);
        Assert.Equal(string.Empty, harness.Hub.Metadata.Get(alice.Session, "status"));
    }

    [Fact]
    public void An_invalid_key_is_key_invalid()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * SET Display-Name :x");

        var reply = Assert.Single(alice.Drain());
        Assert.Equal(["METADATA", "KEY_INVALID", "Display-Name"], reply.Parameters.Take(3));
        Assert.Empty(harness.Hub.Metadata.List(alice.Session));
    }

    [Fact]
    public void A_value_over_max_value_bytes_is_invalid_value_and_keeps_the_old_one()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET display-name :short");

        alice.Send("METADATA * SET display-name :" + new string('x', MetadataLimits.MaxValueBytes + 1));

        var reply = Assert.Single(alice.Drain());
        Assert.Equal(["METADATA", "INVALID_VALUE", "display-name"], reply.Parameters.Take(3));
        Assert.Equal("short", harness.Hub.Metadata.Get(alice.Session, "display-name"));
    }

    [Fact]
    public void A_value_that_is_not_utf8_is_refused_before_it_reaches_the_store()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.SendBytes([.. "METADATA * SET display-name :bad "u8, 0xC3]);

        var reply = Assert.Single(alice.Drain());
        Assert.Equal(["METADATA", "INVALID_UTF8"], reply.Parameters.Take(2));
        Assert.Empty(harness.Hub.Metadata.List(alice.Session));
    }

    [Fact]
    public void Past_max_keys_a_new_key_is_limit_reached()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        for (var i = 0; i < MetadataLimits.MaxKeys; i++)
        {
            alice.SendAndSettle($"METADATA * SET k{i} :v");
        }

        alice.Send("METADATA * SET one-more :v");

        Assert.Equal(["METADATA", "LIMIT_REACHED", "alice"], Assert.Single(alice.Drain()).Parameters.Take(3));
    }

    [Fact]
    public void Another_users_metadata_cannot_be_set_or_cleared()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        var bob = harness.ConnectWithMetadata("bob");
        bob.SendAndSettle("METADATA * SET color :blue");

        alice.Send("METADATA bob SET display-name :Not Bob");
        Assert.Equal(["METADATA", "KEY_NO_PERMISSION", "bob", "display-name"], Assert.Single(alice.Drain()).Parameters.Take(4));
        alice.Send("METADATA bob CLEAR");
        Assert.Equal(["METADATA", "KEY_NO_PERMISSION", "bob", "*"], Assert.Single(alice.Drain()).Parameters.Take(4));

        Assert.Equal([new("color", "blue")], harness.Hub.Metadata.List(bob.Session));
        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void An_irc_operator_may_set_another_users_metadata()
    {
        var harness = new HubHarness(o => o.Operators.Add(new OperatorOptions { Name = "root", Password = "pw" }));
        var admin = harness.ConnectWithMetadata("admin");
        admin.SendAndSettle("OPER root pw");
        var bob = harness.ConnectWithMetadata("bob");

        admin.Send("METADATA bob SET display-name :Robert");

        Assert.Equal(["admin", "bob", "display-name", "*", "Robert"], Assert.Single(admin.Drain()).Parameters);
        Assert.Equal("Robert", harness.Hub.Metadata.Get(bob.Session, "display-name"));
    }

    [Fact]
    public void Clear_answers_766_for_each_removed_key_in_a_metadata_batch()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");
        alice.SendAndSettle("METADATA * SET a :1");
        alice.SendAndSettle("METADATA * SET b :2");

        alice.Send("METADATA * CLEAR");

        var (_, inside) = alice.Drain().Batch("metadata");
        Assert.Equal(["a", "b"], inside.Select(m => m.Parameters[2]));
        Assert.All(inside, m => Assert.Equal(Numerics.RPL_KEYNOTSET, m.Command));
        Assert.Empty(harness.Hub.Metadata.List(alice.Session));
    }

    [Fact]
    public void A_room_operator_sets_room_metadata_and_members_read_it()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        var member = harness.JoinedWithMetadata("member", "#room");
        op.Drain();

        op.Send("METADATA #ROOM SET url :https://room.example");
        Assert.Equal(["op", "#room", "url", "*", "https://room.example"], Assert.Single(op.Drain()).Parameters);

        member.Send("METADATA #room GET url");
        Assert.Equal("https://room.example", Assert.Single(member.Drain().Batch("metadata").Inside).Parameters[4]);
    }

    [Fact]
    public void A_member_without_operator_status_cannot_set_room_metadata()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        var member = harness.JoinedWithMetadata("member", "#room");
        op.Drain();

        member.Send("METADATA #room SET url :mine");

        Assert.Equal(["METADATA", "KEY_NO_PERMISSION", "#room", "url"], Assert.Single(member.Drain()).Parameters.Take(4));
        Assert.Empty(op.Drain());
        Assert.Empty(harness.Hub.Metadata.List(harness.Hub.Rooms.Find("#room")!));
    }

    [Theory]
    [InlineData("GET url")]
    [InlineData("LIST")]
    [InlineData("SYNC")]
    public void Outsiders_cannot_read_a_rooms_metadata(string rest)
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        op.SendAndSettle("METADATA #room SET url :members-only");
        var outsider = harness.ConnectWithMetadata("outsider");
        outsider.SendAndSettle("METADATA * SUB url");

        outsider.Send("METADATA #room " + rest);

        var replies = outsider.Drain();
        Assert.Equal(["METADATA", "KEY_NO_PERMISSION", "#room", "*"], Assert.Single(replies).Parameters.Take(4));
    }

    [Fact]
    public void Sync_of_a_room_gives_subscribed_keys_of_the_room_and_its_other_members()
    {
        var harness = new HubHarness();
        var op = harness.JoinedWithMetadata("op", "#room");
        op.SendAndSettle("METADATA #room SET url :https://room.example");
        op.SendAndSettle("METADATA * SET avatar :op.png");
        op.SendAndSettle("METADATA * SET secret-ish :not subscribed");
        var member = harness.JoinedWithMetadata("member", "#room");
        member.SendAndSettle("METADATA * SET avatar :member.png");
        member.SendAndSettle("METADATA * SUB url avatar");

        member.Send("METADATA #room SYNC");

        var (parameters, inside) = member.Drain().Batch("metadata");
        Assert.Equal(["#room"], parameters);
        Assert.Equal([("#room", "url"), ("op", "avatar")], inside.Select(m => (m.Parameters[1], m.Parameters[2])));
    }

    [Fact]
    public void Unknown_subcommand_is_subcommand_invalid_and_missing_keys_are_461()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectWithMetadata("alice");

        alice.Send("METADATA * DESTROY");
        Assert.Equal(["METADATA", "SUBCOMMAND_INVALID", "DESTROY"], Assert.Single(alice.Drain()).Parameters.Take(3));
        alice.Send("METADATA * GET");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
        alice.Send("METADATA *");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void With_labeled_response_the_metadata_batch_carries_the_label_on_its_opening()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", MetadataFixture.Cap, "batch", "labeled-response", "message-tags");

        alice.Send("@label=L1 METADATA * GET a");

        var replies = alice.Drain();
        // The reply is one batch already, so the dispatcher labels its opening rather than wrap it in another.
        var opening = replies[0];
        Assert.Equal("BATCH", opening.Command);
        Assert.Equal("metadata", opening.Parameters[1]);
        Assert.Equal("L1", opening.Tag("label"));
        Assert.Equal(Numerics.RPL_KEYNOTSET, replies.Batch("metadata").Inside.Single().Command);
    }
}
