using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class ServerInfoTests
{
    [Fact]
    public void Lusers_counts_users_unknown_connections_and_the_high_mark_of_users()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("QUIT");
        var unregistered = harness.ConnectRaw();
        unregistered.Send("NICK pending");

        alice.Send("LUSERS");

        var replies = alice.Drain().ToDictionary(m => m.Command);
        Assert.Equal("There are 1 users and 0 invisible on 1 servers", replies[Numerics.RPL_LUSERCLIENT].Parameters[1]);
        Assert.Equal("1", replies[Numerics.RPL_LUSERUNKNOWN].Parameters[1]);
        Assert.Equal(["alice", "1", "2", "Current local users 1, max 2"], replies[Numerics.RPL_LOCALUSERS].Parameters);
        Assert.Equal(["alice", "1", "2", "Current global users 1, max 2"], replies[Numerics.RPL_GLOBALUSERS].Parameters);
    }

    [Fact]
    public void Lusers_counts_operators()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Session.Modes |= Parley.Server.Hub.UserModes.Operator;
        alice.Send("LUSERS");
        Assert.Equal("1", alice.Drain().Single(m => m.Command == Numerics.RPL_LUSEROP).Parameters[1]);
    }

    [Fact]
    public void Motd_sends_start_lines_and_end()
    {
        var harness = new HubHarness(o => o.Motd = ["line one", "line two"]);
        var alice = harness.Connect("alice");
        alice.Send("MOTD");
        var replies = alice.Drain();
        Assert.Equal(["375", "372", "372", "376"], replies.Select(m => m.Command));
        Assert.Equal("- line two", replies[2].Parameters[1]);
    }

    [Fact]
    public void Motd_when_none_is_configured_is_422()
    {
        var harness = new HubHarness(o => o.Motd = []);
        var alice = harness.Connect("alice");
        alice.Send("MOTD");
        Assert.Equal(Numerics.ERR_NOMOTD, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Motd_for_another_server_is_402()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MOTD other.example");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(["alice", "other.example", "No such server"], reply.Parameters);
    }

    [Fact]
    public void Version_is_351_followed_by_isupport()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("VERSION");
        var replies = alice.Drain();
        Assert.Equal(Numerics.RPL_VERSION, replies[0].Command);
        Assert.Equal(harness.Hub.Support.Version, replies[0].Parameters[1]);
        Assert.Equal("test.server", replies[0].Parameters[2]);
        Assert.True(replies.Count > 1);
        Assert.All(replies.Skip(1), m => Assert.Equal(Numerics.RPL_ISUPPORT, m.Command));
    }

    [Fact]
    public void Time_gives_the_server_name_and_the_clock_time()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("TIME");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_TIME, reply.Command);
        Assert.Equal(["alice", "test.server", "Thursday January 1 2026 -- 12:00:00 UTC"], reply.Parameters);
    }

    [Fact]
    public void Info_is_371_lines_ending_with_374()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("INFO");
        var replies = alice.Drain();
        Assert.Equal(Numerics.RPL_ENDOFINFO, replies[^1].Command);
        Assert.NotEmpty(replies.SkipLast(1));
        Assert.All(replies.SkipLast(1), m => Assert.Equal(Numerics.RPL_INFO, m.Command));
    }

    [Fact]
    public void Info_for_a_server_mask_that_matches_this_one_is_answered()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("INFO *.SERVER");
        Assert.Equal(Numerics.RPL_ENDOFINFO, alice.Drain()[^1].Command);
    }

    [Fact]
    public void Admin_is_256_to_259()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("ADMIN");
        Assert.Equal(["256", "257", "258", "259"], alice.Drain().Select(m => m.Command));
    }

    [Fact]
    public void Links_lists_this_server_at_zero_hops_with_its_description_then_365()
    {
        var harness = new HubHarness(o => o.ServerDescription = "a test hub");
        var alice = harness.Connect("alice");
        alice.Send("LINKS");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_LINKS, Numerics.RPL_ENDOFLINKS], replies.Select(m => m.Command));
        Assert.Equal(["alice", "test.server", "test.server", "0 a test hub"], replies[0].Parameters);
        Assert.Equal(["alice", "*", "End of /LINKS list"], replies[1].Parameters);
    }

    [Theory]
    [InlineData("LINKS *.SERVER", true)]
    [InlineData("LINKS other.example", false)]
    [InlineData("LINKS test.server *", true)]
    public void Links_with_a_mask_lists_this_server_only_when_the_mask_matches_its_name(string line, bool listed)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send(line);
        var replies = alice.Drain();
        Assert.Equal(listed, replies.Any(m => m.Command == Numerics.RPL_LINKS));
        Assert.Equal(Numerics.RPL_ENDOFLINKS, replies[^1].Command);
        Assert.Equal(line.Split(' ')[^1], replies[^1].Parameters[1]);
    }

    [Fact]
    public void Links_asked_of_another_server_is_402()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("LINKS elsewhere.example *");
        Assert.Equal(Numerics.ERR_NOSUCHSERVER, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Whois_names_the_server_with_its_configured_description()
    {
        var harness = new HubHarness(o => o.ServerDescription = "a test hub");
        var alice = harness.Connect("alice");
        alice.Send("WHOIS alice");
        Assert.Equal(["alice", "alice", "test.server", "a test hub"], alice.Drain().Single(m => m.Command == Numerics.RPL_WHOISSERVER).Parameters);
    }
}
