using Parley.Protocol.Irc;
using Parley.Server.Tests.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Messaging;

public sealed class ReadMarkerTests
{
    private const string Cap = "draft/read-marker";

    [Fact]
    public void Get_without_a_stored_marker_is_star()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Cap);
        alice.Send("MARKREAD #nosuchtarget");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal("MARKREAD", reply.Command);
        Assert.Equal("test.server", reply.Source);
        Assert.Equal(["#nosuchtarget", "*"], reply.Parameters);
    }

    [Fact]
    public void Set_is_answered_with_the_stored_marker_and_get_returns_it()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", Cap);
        alice.Send("MARKREAD #test timestamp=2019-01-04T14:33:26.123Z");
        Assert.Equal(["#test", "timestamp=2019-01-04T14:33:26.123Z"], Assert.Single(alice.Drain()).Parameters);
        alice.Send("MARKREAD #TEST");
        Assert.Equal(["#TEST", "timestamp=2019-01-04T14:33:26.123Z"], Assert.Single(alice.Drain()).Parameters);
    }

    [Fact]
    public void Marker_never_moves_back()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Cap);
        alice.Send("MARKREAD bob timestamp=2019-06-01T12:00:00.000Z");
        alice.Drain();
        alice.Send("MARKREAD bob timestamp=2019-01-01T00:00:00.000Z");
        Assert.Equal(["bob", "timestamp=2019-06-01T12:00:00.000Z"], Assert.Single(alice.Drain()).Parameters);
    }

    [Fact]
    public void Marker_ahead_of_the_server_clock_is_held_at_now()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Cap);
        alice.Send("MARKREAD bob timestamp=2099-01-01T00:00:00.000Z");
        Assert.Equal(["bob", "timestamp=2026-01-01T12:00:00.000Z"], Assert.Single(alice.Drain()).Parameters);
    }

    [Fact]
    public void Join_sends_the_marker_after_join_and_before_end_of_names()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Cap);
        alice.Send("JOIN #test");
        var burst = alice.Drain();
        var markread = burst.Only("MARKREAD");
        Assert.Equal(["#test", "*"], markread.Parameters);
        var commands = burst.Commands();
        Assert.True(commands.IndexOf("JOIN") < commands.IndexOf("MARKREAD"));
        Assert.True(commands.IndexOf("MARKREAD") < commands.IndexOf(Numerics.RPL_ENDOFNAMES));
    }

    [Fact]
    public void Rejoin_shows_the_marker_set_before()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", Cap);
        alice.Send("MARKREAD #test timestamp=2020-03-15T10:00:00.000Z");
        alice.Send("PART #test");
        alice.Drain();
        alice.Send("JOIN #test");
        Assert.Equal(["#test", "timestamp=2020-03-15T10:00:00.000Z"], alice.Drain().Only("MARKREAD").Parameters);
    }

    [Fact]
    public void Join_without_the_capability_sends_no_marker()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("JOIN #test");
        Assert.DoesNotContain(alice.Drain(), m => m.Command == "MARKREAD");
    }

    [Fact]
    public void Markers_are_private_to_their_user()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", Cap);
        var bob = h.Joined("bob", "#test", Cap);
        alice.Send("MARKREAD #test timestamp=2020-03-15T10:00:00.000Z");
        Assert.Empty(bob.Drain());
        bob.Send("MARKREAD #test");
        Assert.Equal(["#test", "*"], Assert.Single(bob.Drain()).Parameters);
    }

    [Fact]
    public void Missing_target_is_fail_need_more_params()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice", Cap);
        alice.Send("MARKREAD");
        Assert.Equal(["MARKREAD", "NEED_MORE_PARAMS"], Assert.Single(alice.Drain()).Parameters.Take(2));
    }

    [Theory]
    [InlineData("MARKREAD #test timestamp=not-a-timestamp")]
    [InlineData("MARKREAD #test *")]
    [InlineData("MARKREAD #test 2019-01-04T14:33:26.123Z")]
    [InlineData("MARKREAD * timestamp=2019-01-04T14:33:26.123Z")]
    public void Malformed_set_is_fail_invalid_params(string line)
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#test", Cap);
        alice.Send(line);
        var fail = Assert.Single(alice.Drain());
        Assert.Equal("FAIL", fail.Command);
        Assert.Equal(["MARKREAD", "INVALID_PARAMS"], fail.Parameters.Take(2));
        alice.Send("MARKREAD #test");
        Assert.Equal(["#test", "*"], Assert.Single(alice.Drain()).Parameters);
    }
}
