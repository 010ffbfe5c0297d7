using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class RoomModeTests
{
    [Fact]
    public void Mode_query_gives_324_with_modes_and_329_creation_time()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_CHANNELMODEIS, Numerics.RPL_CREATIONTIME], replies.Commands());
        Assert.Equal(["alice", "#r", "+nt"], replies[0].Parameters);
        Assert.Equal(["alice", "#r", h.Time.GetUtcNow().ToUnixTimeSeconds().ToString()], replies[1].Parameters);
    }

    [Fact]
    public void Mode_query_shows_key_and_limit_with_their_parameters()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +kl sesame 10");
        alice.Drain();
        alice.Send("MODE #r");
        Assert.Equal(["alice", "#r", "+klnt", "sesame", "10"], alice.Drain()[0].Parameters);
    }

    [Fact]
    public void Mode_query_hides_the_key_from_non_members()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +k sesame");
        var bob = h.Connect("bob");
        bob.Send("MODE #r");
        Assert.Equal(["bob", "#r", "+knt", "*"], bob.Drain()[0].Parameters);
    }

    [Fact]
    public void Mode_on_a_missing_room_is_403()
    {
        var h = new HubHarness();
        var alice = h.Connect("alice");
        alice.Send("MODE #nowhere +o alice");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(alice.Drain()).Command);
    }

    [Theory]
    [InlineData('i', RoomModes.InviteOnly)]
    [InlineData('m', RoomModes.Moderated)]
    [InlineData('s', RoomModes.Secret)]
    public void Setting_a_flag_changes_the_room_and_tells_every_member(char letter, RoomModes flag)
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Drain();
        alice.Send($"MODE #r +{letter}");
        foreach (var client in new[] { alice, bob })
        {
            var mode = Assert.Single(client.Drain());
            Assert.Equal("MODE", mode.Command);
            Assert.StartsWith("alice!", mode.Source);
            Assert.Equal(["#r", "+" + letter], mode.Parameters);
        }
        Assert.True(h.Hub.Rooms.Find("#r")!.Modes.HasFlag(flag));
    }

    [Fact]
    public void Unsetting_flags_reports_them_in_one_line()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r -nt");
        Assert.Equal(["#r", "-nt"], Assert.Single(alice.Drain()).Parameters);
        Assert.Equal(RoomModes.None, h.Hub.Rooms.Find("#r")!.Modes);
    }

    [Fact]
    public void Only_changes_that_took_effect_are_broadcast()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +ntm"); // +n and +t are already set
        Assert.Equal(["#r", "+m"], Assert.Single(alice.Drain()).Parameters);
        alice.Send("MODE #r +m");
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public void Mixed_changes_are_one_line_with_signs_and_parameters_in_order()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Joined("bob", "#r");
        alice.Drain();
        alice.Send("MODE #r +ik-t+v key bob");
        Assert.Equal(["#r", "+ik-t+v", "key", "bob"], Assert.Single(alice.Drain()).Parameters);
    }

    [Fact]
    public void Mode_change_by_a_non_operator_is_one_482_and_changes_nothing()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        bob.Send("MODE #r +im-t+o bob");
        var reply = Assert.Single(bob.Drain());
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, reply.Command);
        Assert.Equal(RoomModes.NoExternalMessages | RoomModes.TopicLock, h.Hub.Rooms.Find("#r")!.Modes);
    }

    [Fact]
    public void Mode_change_from_outside_the_room_is_482()
    {
        var h = new HubHarness();
        h.Joined("alice", "#r");
        var bob = h.Connect("bob");
        bob.Send("MODE #r +i");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Unknown_mode_letter_is_472_and_known_ones_still_apply()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +Xm");
        var replies = alice.Drain();
        var unknown = replies.Only(Numerics.ERR_UNKNOWNMODE);
        Assert.Equal(["alice", "X", "is unknown mode char to me for #r"], unknown.Parameters);
        Assert.Equal(["#r", "+m"], replies.Only("MODE").Parameters);
    }

    [Fact]
    public void Op_and_voice_change_member_status_and_show_in_names()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Drain();
        alice.Send("MODE #r +o bob");
        Assert.Equal(["#r", "+o", "bob"], Assert.Single(bob.Drain()).Parameters);
        Assert.True(h.Hub.Rooms.Find("#r")!.IsOperator(bob.Session));
        alice.Drain();
        bob.Send("MODE #r -o+v alice alice");
        Assert.Equal(["#r", "-o+v", "alice", "alice"], Assert.Single(alice.Drain()).Parameters);
        Assert.Equal(MemberStatus.Voice, h.Hub.Rooms.Find("#r")!.StatusOf(alice.Session));
        bob.Drain();
        bob.Send("NAMES #r");
        Assert.Equal("+alice @bob", bob.Drain().Only(Numerics.RPL_NAMREPLY).Parameters[^1]);
    }

    [Fact]
    public void Op_for_an_unknown_nick_is_401()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +o nobody");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_NOSUCHNICK, reply.Command);
        Assert.Equal("nobody", reply.Parameters[1]);
    }

    [Fact]
    public void Op_for_someone_not_in_the_room_is_441()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        h.Connect("bob");
        alice.Send("MODE #r +o bob");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_USERNOTINCHANNEL, reply.Command);
        Assert.Equal(["alice", "bob", "#r", "They aren't on that channel"], reply.Parameters);
    }

    [Fact]
    public void Missing_parameter_is_461()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +o");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, reply.Command);
        Assert.Equal("MODE", reply.Parameters[1]);
    }

    [Fact]
    public void At_most_four_parameter_modes_apply_per_command()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        foreach (var nick in new[] { "u1", "u2", "u3", "u4", "u5" })
        {
            h.Joined(nick, "#r");
        }
        alice.Drain();
        alice.Send("MODE #r +vvvvv u1 u2 u3 u4 u5");
        Assert.Equal(["#r", "+vvvv", "u1", "u2", "u3", "u4"], Assert.Single(alice.Drain()).Parameters);
    }

    [Fact]
    public void Key_is_set_and_required_to_join()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +k sesame");
        Assert.Equal(["#r", "+k", "sesame"], Assert.Single(alice.Drain()).Parameters);
        var bob = h.Connect("bob");
        bob.Send("JOIN #r wrong");
        Assert.Equal(Numerics.ERR_BADCHANNELKEY, Assert.Single(bob.Drain()).Command);
        bob.Send("JOIN #r sesame");
        Assert.Equal("JOIN", bob.Drain()[0].Command);
    }

    [Fact]
    public void Key_is_removed_with_or_without_a_parameter()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +k sesame");
        alice.Drain();
        alice.Send("MODE #r -k");
        Assert.Equal(["#r", "-k", "*"], Assert.Single(alice.Drain()).Parameters);
        Assert.Null(h.Hub.Rooms.Find("#r")!.JoinKey);
        alice.Send("MODE #r +k again");
        alice.Send("MODE #r -k whatever");
        Assert.Equal(["#r", "-k", "*"], alice.Drain()[^1].Parameters);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("waaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay-too-long")]
    public void Bad_key_is_525_and_not_set(string key)
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send($"MODE #r +k :{key}");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_INVALIDKEY, reply.Command);
        Assert.Equal("#r", reply.Parameters[1]);
        Assert.Null(h.Hub.Rooms.Find("#r")!.JoinKey);
    }

    [Fact]
    public void Limit_is_set_and_enforced_then_removed()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +l 1");
        Assert.Equal(["#r", "+l", "1"], Assert.Single(alice.Drain()).Parameters);
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_CHANNELISFULL, Assert.Single(bob.Drain()).Command);
        alice.Send("MODE #r -l");
        Assert.Equal(["#r", "-l"], Assert.Single(alice.Drain()).Parameters);
        bob.Send("JOIN #r");
        Assert.Equal("JOIN", bob.Drain()[0].Command);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public void Invalid_limit_is_696_and_not_set(string limit)
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send($"MODE #r +l :{limit}");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_INVALIDMODEPARAM, reply.Command);
        Assert.Equal(["alice", "#r", "l"], reply.Parameters.Take(3));
        Assert.Null(h.Hub.Rooms.Find("#r")!.Limit);
    }

    [Fact]
    public void Ban_of_a_bare_nick_is_stored_as_nick_star_at_star_and_stops_joins()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +b Bob");
        Assert.Equal(["#r", "+b", "Bob!*@*"], Assert.Single(alice.Drain()).Parameters);
        var bob = h.Connect("bob");
        bob.Send("JOIN #r");
        Assert.Equal(Numerics.ERR_BANNEDFROMCHAN, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Unban_matches_the_mask_in_any_case()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +b BOB!*@*");
        alice.Drain();
        alice.Send("MODE #r -b bob");
        Assert.Equal(["#r", "-b", "BOB!*@*"], Assert.Single(alice.Drain()).Parameters);
        Assert.Empty(h.Hub.Rooms.Find("#r")!.Bans);
    }

    [Fact]
    public void Ban_list_query_gives_367_per_entry_then_368()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +bb one two!*@*");
        alice.Drain();
        alice.Send("MODE #r +b");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_BANLIST, Numerics.RPL_BANLIST, Numerics.RPL_ENDOFBANLIST], replies.Commands());
        Assert.Equal(["alice", "#r", "one!*@*", alice.Session.Mask, h.Time.GetUtcNow().ToUnixTimeSeconds().ToString()], replies[0].Parameters);
        Assert.Equal("two!*@*", replies[1].Parameters[2]);
    }

    [Fact]
    public void Ban_list_may_be_read_by_members_who_are_not_operators()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        alice.Send("MODE #r +b spammer");
        var bob = h.Joined("bob", "#r");
        bob.Send("MODE #r b");
        Assert.Equal([Numerics.RPL_BANLIST, Numerics.RPL_ENDOFBANLIST], bob.Drain().Commands());
    }

    [Fact]
    public void Banned_member_cannot_speak()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +b bob");
        bob.Drain();
        bob.Send("PRIVMSG #r :hello");
        Assert.Equal(Numerics.ERR_CANNOTSENDTOCHAN, Assert.Single(bob.Drain()).Command);
    }

    [Fact]
    public void Full_ban_list_is_478()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        for (var i = 0; i < ServerSupport.MaxListEntries; i++)
        {
            alice.Send($"MODE #r +b user{i}");
        }
        alice.Drain();
        alice.Send("MODE #r +b onemore");
        Assert.Equal(Numerics.ERR_BANLISTFULL, Assert.Single(alice.Drain()).Command);
        Assert.Equal(ServerSupport.MaxListEntries, h.Hub.Rooms.Find("#r")!.Bans.Count);
    }

    [Fact]
    public void Moderated_room_silences_members_without_voice()
    {
        var h = new HubHarness();
        var alice = h.Joined("alice", "#r");
        var bob = h.Joined("bob", "#r");
        alice.Send("MODE #r +m");
        bob.Drain();
        bob.Send("PRIVMSG #r :hi");
        Assert.Equal(Numerics.ERR_CANNOTSENDTOCHAN, Assert.Single(bob.Drain()).Command);
        alice.Send("MODE #r +v bob");
        RoomFixture.DrainAll(alice, bob);
        bob.Send("PRIVMSG #r :hi again");
        Assert.Equal("PRIVMSG", Assert.Single(alice.Drain()).Command);
    }
}
