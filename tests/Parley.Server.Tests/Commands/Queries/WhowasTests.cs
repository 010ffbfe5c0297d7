using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class WhowasTests
{
    private static (HubHarness Harness, TestClient Asker) TwoPastAlices()
    {
        var harness = new HubHarness();
        var asker = harness.Connect("bob");
        var first = harness.ConnectRaw();
        first.Send("NICK alice");
        first.Send("USER first 0 * :First Alice");
        first.Send("QUIT");
        var second = harness.ConnectRaw();
        second.Send("NICK alice");
        second.Send("USER second 0 * :Second Alice");
        second.Send("QUIT");
        asker.Drain();
        return (harness, asker);
    }

    [Fact]
    public void Whowas_lists_past_users_of_the_nick_newest_first_then_369()
    {
        var (_, bob) = TwoPastAlices();
        bob.Send("WHOWAS alice");
        var replies = bob.Drain();
        Assert.Equal(["314", "312", "314", "312", "369"], replies.Select(m => m.Command));
        Assert.Equal(["bob", "alice", "~second", "127.0.0.1", "*", "Second Alice"], replies[0].Parameters);
        Assert.Equal("~first", replies[2].Parameters[2]);
        Assert.Equal(["bob", "alice", "End of WHOWAS"], replies[^1].Parameters);
    }

    [Fact]
    public void Whowas_count_limits_the_entries()
    {
        var (_, bob) = TwoPastAlices();
        bob.Send("WHOWAS alice 1");
        Assert.Equal(["314", "312", "369"], bob.Drain().Select(m => m.Command));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Whowas_non_positive_count_lists_everything(string count)
    {
        var (_, bob) = TwoPastAlices();
        bob.Send($"WHOWAS alice {count}");
        Assert.Equal(2, bob.Drain().Count(m => m.Command == Numerics.RPL_WHOWASUSER));
    }

    [Fact]
    public void Whowas_remembers_a_nick_given_up_by_a_nick_change()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("NICK alicia");
        var bob = harness.Connect("bob");
        bob.Send("WHOWAS alice");
        Assert.Equal("alice", bob.Drain()[0].Parameters[1]);
    }

    [Fact]
    public void Whowas_of_a_nick_never_seen_is_406_then_369()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("WHOWAS ghost");
        var replies = bob.Drain();
        Assert.Equal([Numerics.ERR_WASNOSUCHNICK, Numerics.RPL_ENDOFWHOWAS], replies.Select(m => m.Command));
        Assert.Equal(["bob", "ghost", "There was no such nickname"], replies[0].Parameters);
    }

    [Fact]
    public void Whowas_without_a_nick_is_a_single_431()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("WHOWAS");
        Assert.Equal(Numerics.ERR_NONICKNAMEGIVEN, Assert.Single(bob.Drain()).Command);
    }
}
