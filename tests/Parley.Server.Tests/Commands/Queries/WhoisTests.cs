using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class WhoisTests
{
    [Fact]
    public void Whois_describes_the_user_and_ends_with_318()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");

        bob.Send("WHOIS alice");

        var replies = bob.Drain();
        Assert.Equal(["311", "312", "317", "318"], replies.Select(m => m.Command));
        Assert.Equal(["bob", "alice", "~alice", "127.0.0.1", "*", "alice Realname"], replies[0].Parameters);
        Assert.Equal("test.server", replies[1].Parameters[2]);
        Assert.Equal(["bob", "alice", "End of /WHOIS list"], replies[^1].Parameters);
    }

    [Fact]
    public void Whois_idle_counts_from_the_last_message_and_gives_the_signon_time()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var signon = harness.Time.GetUtcNow().ToUnixTimeSeconds();
        var bob = harness.Connect("bob");
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        alice.Send("PRIVMSG bob :hi");
        harness.Time.Advance(TimeSpan.FromSeconds(12));
        bob.Drain();

        bob.Send("WHOIS alice");

        var idle = Assert.Single(bob.Drain(), m => m.Command == Numerics.RPL_WHOISIDLE);
        Assert.Equal(["bob", "alice", "12", signon.ToString(), "seconds idle, signon time"], idle.Parameters);
    }

    [Fact]
    public void Whois_lists_rooms_with_their_prefixes()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #one");
        alice.Send("JOIN #two");
        harness.Hub.Rooms.Find("#two")!.Members[alice.Session] = MemberStatus.Voice;
        var bob = harness.Connect("bob");

        bob.Send("WHOIS alice");

        var rooms = Assert.Single(bob.Drain(), m => m.Command == Numerics.RPL_WHOISCHANNELS);
        Assert.Equal("@#one +#two", rooms.Parameters[2]);
    }

    [Fact]
    public void Whois_hides_secret_rooms_from_non_members()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #open");
        alice.Send("JOIN #hidden");
        harness.Hub.Rooms.Find("#hidden")!.Modes |= RoomModes.Secret;
        var bob = harness.Connect("bob");

        bob.Send("WHOIS alice");

        var rooms = Assert.Single(bob.Drain(), m => m.Command == Numerics.RPL_WHOISCHANNELS);
        Assert.Equal("@#open", rooms.Parameters[2]);
    }

    [Fact]
    public void Whois_shows_a_secret_room_to_a_fellow_member()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #hidden");
        harness.Hub.Rooms.Find("#hidden")!.Modes |= RoomModes.Secret;
        var bob = harness.Connect("bob");
        bob.Send("JOIN #hidden");
        bob.Drain();

        bob.Send("WHOIS alice");

        Assert.Contains(bob.Drain(), m => m.Command == Numerics.RPL_WHOISCHANNELS && m.Parameters[2] == "@#hidden");
    }

    [Fact]
    public void Whois_of_an_invisible_user_shows_only_shared_rooms()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #one");
        alice.Session.Modes |= UserModes.Invisible;
        var bob = harness.Connect("bob");

        bob.Send("WHOIS alice");

        Assert.DoesNotContain(bob.Drain(), m => m.Command == Numerics.RPL_WHOISCHANNELS);
    }

    [Fact]
    public void Whois_shows_away_message_and_operator_status()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("AWAY :gone fishing");
        alice.Session.Modes |= UserModes.Operator;
        var bob = harness.Connect("bob");

        bob.Send("WHOIS alice");

        var replies = bob.Drain();
        Assert.Contains(replies, m => m.Command == Numerics.RPL_WHOISOPERATOR);
        var away = Assert.Single(replies, m => m.Command == Numerics.RPL_AWAY);
        Assert.Equal(["bob", "alice", "gone fishing"], away.Parameters);
    }

    [Fact]
    public void Whois_of_oneself_also_shows_the_address_and_modes()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("WHOIS alice");
        var commands = alice.Drain().Select(m => m.Command).ToList();
        Assert.Contains(Numerics.RPL_WHOISHOST, commands);
        Assert.Contains(Numerics.RPL_WHOISMODES, commands);
    }

    [Fact]
    public void Whois_of_someone_else_does_not_show_the_address()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("WHOIS alice");
        Assert.DoesNotContain(bob.Drain(), m => m.Command == Numerics.RPL_WHOISHOST);
    }

    [Fact]
    public void Whois_of_an_unknown_nick_is_401_then_318()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("WHOIS nobody");
        var replies = bob.Drain();
        Assert.Equal([Numerics.ERR_NOSUCHNICK, Numerics.RPL_ENDOFWHOIS], replies.Select(m => m.Command));
        Assert.Equal(["bob", "nobody", "End of /WHOIS list"], replies[1].Parameters);
    }

    [Fact]
    public void Whois_without_a_nick_is_431()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob");
        bob.Send("WHOIS");
        Assert.Equal(Numerics.ERR_NONICKNAMEGIVEN, Assert.Single(bob.Drain()).Command);
    }

    [Theory]
    [InlineData("test.server")]
    [InlineData("*.server")]
    [InlineData("alice")]
    public void Whois_with_this_server_or_the_nick_first_answers_for_the_nick(string server)
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send($"WHOIS {server} alice");
        var first = bob.Drain()[0];
        Assert.Equal(Numerics.RPL_WHOISUSER, first.Command);
        Assert.Equal("alice", first.Parameters[1]);
    }

    [Fact]
    public void Whois_with_another_server_first_is_402()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var bob = harness.Connect("bob");
        bob.Send("WHOIS elsewhere.example alice");
        Assert.Equal(Numerics.ERR_NOSUCHSERVER, Assert.Single(bob.Drain()).Command);
    }
}
