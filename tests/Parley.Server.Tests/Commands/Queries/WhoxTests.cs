using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class WhoxTests
{
    [Fact]
    public void Whox_token_is_advertised_in_isupport()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("NICK alice");
        client.Send("USER alice 0 * :Alice");
        var support = client.Drain().Where(m => m.Command == Numerics.RPL_ISUPPORT).SelectMany(m => m.Parameters);
        Assert.Contains("WHOX", support);
    }

    [Fact]
    public void Whox_replies_354_with_the_token_and_fields_in_the_fixed_order()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        harness.Time.Advance(TimeSpan.FromSeconds(7));

        bob.Send("WHO alice %rnautcflhsdoi,123"); // asked out of order on purpose

        var replies = bob.Drain();
        Assert.Equal([Numerics.RPL_WHOSPCRPL, Numerics.RPL_ENDOFWHO], replies.Select(m => m.Command));
        Assert.Equal(
            ["bob", "123", "*", "~alice", "255.255.255.255", "127.0.0.1", "test.server", "alice", "H", "0", "7", "0", "n/a", "alice Realname"],
            replies[0].Parameters);
    }

    [Fact]
    public void Whox_with_only_t_and_n_gives_token_then_nick()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("WHO alice %tn,321");
        Assert.Equal(["bob", "321", "alice"], bob.Drain()[0].Parameters);
    }

    [Fact]
    public void Whox_ip_field_is_real_for_operators()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Session.Modes |= Parley.Server.Hub.UserModes.Operator;
        bob.Send("WHO alice %i");
        Assert.Equal(["bob", "127.0.0.1"], bob.Drain()[0].Parameters);
    }

    [Fact]
    public void Whox_token_that_is_not_one_to_three_digits_becomes_zero()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("WHO alice %tn,abcd");
        Assert.Equal(["bob", "0", "alice"], bob.Drain()[0].Parameters);
    }
}
