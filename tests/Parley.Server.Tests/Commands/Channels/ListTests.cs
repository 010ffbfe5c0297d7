using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class ListTests
{
    private static List<string> Listed(TestClient client, string line)
    {
        client.Send(line);
        var replies = client.Drain();
        Assert.Equal(Numerics.RPL_LISTEND, replies[^1].Command);
        return replies.Where(m => m.Command == Numerics.RPL_LIST).Select(m => m.Parameters[1]).ToList();
    }

    [Fact]
    public void List_with_no_rooms_is_321_then_323()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("LIST");
        Assert.Equal([Numerics.RPL_LISTSTART, Numerics.RPL_LISTEND], alice.Drain().Commands());
    }

    [Fact]
    public void List_gives_322_with_member_count_and_topic()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Joined("bob", "#r");
        alice.Send("TOPIC #r :about r");
        var carol = h.Connect("carol");
        carol.Send("LIST");
        var entry = carol.Drain().Only(Numerics.RPL_LIST);
        Assert.Equal(["carol", "#r", "2", "about r"], entry.Parameters);
    }

    [Fact]
    public void List_of_named_rooms_shows_only_those_and_nothing_for_missing_ones()
    {
        var h = new HubHarness();
        h.Joined("alice", "#a");
        h.Joined("bob", "#b");
        var carol = h.Connect("carol");
        Assert.Equal(["#a"], Listed(carol, "LIST #A,#missing"));
    }

    [Fact]
    public void List_with_a_mask_matches_room_names()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#chan1");
        alice.Send("JOIN #chan2");
        alice.Send("JOIN #other");
        Assert.Equal(["#chan1", "#chan2"], Listed(alice, "LIST #ch*"));
        Assert.Equal(["#chan2"], Listed(alice, "LIST *an2"));
    }

    [Fact]
    public void List_with_a_negated_mask_leaves_matching_rooms_out()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#chan1");
        alice.Send("JOIN #chan2");
        Assert.Equal(["#chan1"], Listed(alice, "LIST !*an2"));
    }

    [Fact]
    public void List_more_than_n_users_filters_by_member_count()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#small");
        alice.Send("JOIN #big");
        h.Joined("bob", "#big");
        Assert.Equal(["#big"], Listed(alice, "LIST >1"));
        Assert.Equal(["#big", "#small"], Listed(alice, "LIST >0"));
    }

    [Fact]
    public void List_fewer_than_n_users_filters_by_member_count()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#small");
        alice.Send("JOIN #big");
        h.Joined("bob", "#big");
        Assert.Equal(["#small"], Listed(alice, "LIST <2"));
        Assert.Empty(Listed(alice, "LIST <1"));
    }

    [Fact]
    public void Secret_rooms_are_listed_to_members_only()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#hidden");
        alice.Send("MODE #hidden +s");
        var bob = h.Connect("bob");
        Assert.Empty(Listed(bob, "LIST"));
        Assert.Empty(Listed(bob, "LIST #hidden"));
        Assert.Equal(["#hidden"], Listed(alice, "LIST"));
    }
}
