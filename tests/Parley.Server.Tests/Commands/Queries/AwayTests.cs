using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class AwayTests
{
    [Fact]
    public void Away_with_a_message_is_acknowledged_with_306_only()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("AWAY :lunch");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_NOWAWAY, reply.Command);
        Assert.Equal("lunch", alice.Session.AwayMessage);
    }

    [Theory]
    [InlineData("AWAY")]
    [InlineData("AWAY :")]
    public void Away_without_a_message_marks_back_with_305(string line)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("AWAY :lunch");
        alice.Drain();
        alice.Send(line);
        Assert.Equal(Numerics.RPL_UNAWAY, Assert.Single(alice.Drain()).Command);
        Assert.Null(alice.Session.AwayMessage);
    }

    [Fact]
    public void Away_message_is_cut_to_awaylen()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("AWAY :" + new string('z', ServerSupport.TextLength + 50));
        Assert.Equal(ServerSupport.TextLength, alice.Session.AwayMessage!.Length);
    }

    [Fact]
    public void Privmsg_to_an_away_user_answers_301()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        alice.Send("AWAY :lunch");
        bob.Send("PRIVMSG alice :hi");
        var away = Assert.Single(bob.Drain());
        Assert.Equal(["bob", "alice", "lunch"], away.Parameters);
    }

    [Fact]
    public void Away_is_broadcast_to_peers_with_away_notify_only()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var notified = harness.Connect("bob", "away-notify");
        var plain = harness.Connect("carol");
        foreach (var c in new[] { alice, notified, plain })
        {
            c.Send("JOIN #room");
        }
        notified.Drain();
        plain.Drain();

        alice.Send("AWAY :lunch");

        var away = Assert.Single(notified.Drain());
        Assert.Equal("AWAY", away.Command);
        Assert.StartsWith("alice!", away.Source);
        Assert.Equal(["lunch"], away.Parameters);
        Assert.Empty(plain.Drain());
    }

    [Fact]
    public void Coming_back_is_broadcast_as_away_without_parameters()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob", "away-notify");
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        alice.Send("AWAY :lunch");
        bob.Drain();

        alice.Send("AWAY");

        var back = Assert.Single(bob.Drain());
        Assert.Equal("AWAY", back.Command);
        Assert.Empty(back.Parameters);
    }

    [Fact]
    public void Unaway_when_not_away_tells_nobody()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob", "away-notify");
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        bob.Drain();

        alice.Send("AWAY");

        Assert.Empty(bob.Drain());
    }

    [Fact]
    public void Joining_while_away_tells_members_with_away_notify_but_not_the_joiner()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob", "away-notify");
        bob.Send("JOIN #room");
        bob.Drain();
        var alice = harness.Connect("alice", "away-notify");
        alice.Send("AWAY :already gone");
        alice.Drain();

        alice.Send("JOIN #room");

        var away = Assert.Single(bob.Drain(), m => m.Command == "AWAY");
        Assert.Equal(["already gone"], away.Parameters);
        Assert.DoesNotContain(alice.Drain(), m => m.Command == "AWAY");
    }
}
