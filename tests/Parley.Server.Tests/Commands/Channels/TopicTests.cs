using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class TopicTests
{
    [Fact]
    public void Topic_query_on_a_room_without_topic_is_331()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("TOPIC #r");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_NOTOPIC, reply.Command);
        Assert.Equal(["alice", "#r", "No topic is set"], reply.Parameters);
    }

    [Fact]
    public void Topic_query_gives_332_then_333_with_setter_and_time()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("TOPIC #r :hello world");
        alice.Drain();
        alice.Send("TOPIC #r");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_TOPIC, Numerics.RPL_TOPICWHOTIME], replies.Commands());
        Assert.Equal(["alice", "#r", "hello world"], replies[0].Parameters);
        Assert.Equal(["alice", "#r", "alice", h.Time.GetUtcNow().ToUnixTimeSeconds().ToString()], replies[1].Parameters);
    }

    [Fact]
    public void Setting_the_topic_sends_topic_to_every_member_including_the_setter()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Drain();
        alice.Send("TOPIC #r :news");
        var echoed = Assert.Single(alice.Drain());
        var relayed = Assert.Single(bob.Drain());
        foreach (var m in new[] { echoed, relayed })
        {
            Assert.Equal("TOPIC", m.Command);
            Assert.StartsWith("alice!", m.Source);
            Assert.Equal(["#r", "news"], m.Parameters);
        }
    }

    [Fact]
    public void Joining_a_room_with_a_topic_sends_332_and_333()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("TOPIC #r :welcome");
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        var burst = bob.Drain();
        Assert.Equal("welcome", burst.Only(Numerics.RPL_TOPIC).Parameters[2]);
        burst.Only(Numerics.RPL_TOPICWHOTIME);
    }

    [Fact]
    public void Empty_topic_clears_it_and_is_broadcast_as_an_empty_parameter()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("TOPIC #r :something");
        alice.Drain();
        alice.Send("TOPIC #r :");
        Assert.Equal(["#r", ""], alice.Drain().Only("TOPIC").Parameters);
        Assert.Null(h.Hub.Rooms.Find("#r")!.Topic);
        alice.Send("TOPIC #r");
        Assert.Equal(Numerics.RPL_NOTOPIC, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Topic_lock_refuses_non_operators_with_482()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Drain();
        bob.Send("TOPIC #r :mine now");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
        Assert.Empty(alice.Drain());
        Assert.Null(h.Hub.Rooms.Find("#r")!.Topic);
    }

    [Fact]
    public void Voice_is_not_enough_to_change_a_locked_topic()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +v bob");
        bob.Drain();
        bob.Send("TOPIC #r :voiced");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Without_topic_lock_any_member_may_set_the_topic()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r -t");
        RoomFixture.DrainAll(alice, bob);
        bob.Send("TOPIC #r :open");
        Assert.Equal(["#r", "open"], alice.Drain().Only("TOPIC").Parameters);
    }

    [Fact]
    public void Setting_the_topic_of_a_room_one_is_not_in_is_442()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Connect("bob");
        bob.Send("TOPIC #r :outside");
        var reply = Assert.Single(bob.Drain());
        Assert.Equal(Numerics.ERR_NOTONCHANNEL, reply.Command);
        Assert.Equal("#r", reply.Parameters[1]);
    }

    [Fact]
    public void Topic_of_a_missing_room_is_403()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("TOPIC #nowhere");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Secret_room_topic_is_hidden_from_outsiders_with_442()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +s");
        alice.Send("TOPIC #r :hidden");
        var bob = h.Connect("bob");
        bob.Send("TOPIC #r");
        Assert.Equal(Numerics.ERR_NOTONCHANNEL, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Long_topic_is_cut_to_topiclen()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("TOPIC #r :" + new string('x', ServerSupport.TextLength + 50));
        var topic = alice.Drain().Only("TOPIC").Parameters[1];
        Assert.Equal(ServerSupport.TextLength, topic.Length);
        Assert.Equal(topic, h.Hub.Rooms.Find("#r")!.Topic);
    }

    [Fact]
    public void Topic_without_parameters_is_461()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("TOPIC");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }
}
