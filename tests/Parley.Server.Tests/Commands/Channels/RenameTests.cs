using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class RenameTests
{
    private const string Cap = "draft/channel-rename";

    [Fact]
    public void Members_with_the_capability_see_rename_with_the_reason()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        var qux = h.Joined("qux", "#bar", Cap);
        bar.Drain();
        bar.Send("RENAME #bar #qux :no reason");
        foreach (var client in new[] { bar, qux })
        {
            var rename = Assert.Single(client.Drain());
            Assert.Equal("RENAME", rename.Command);
            Assert.StartsWith("bar!", rename.Source);
            Assert.Equal(["#bar", "#qux", "no reason"], rename.Parameters);
        }
    }

    [Fact]
    public void Rename_without_a_reason_still_carries_an_empty_one()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        bar.Send("RENAME #bar #qux");
        Assert.Equal(["#bar", "#qux", ""], Assert.Single(bar.Drain()).Parameters);
    }

    [Fact]
    public void Members_without_the_capability_see_themselves_part_and_join_with_topic_and_names()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        bar.Send("TOPIC #bar :hello");
        var baz = h.Joined("baz", "#bar");
        bar.Drain();
        bar.Send("RENAME #bar #qux :moving");
        var seen = baz.Drain();
        Assert.Equal(["PART", "JOIN", Numerics.RPL_TOPIC, Numerics.RPL_TOPICWHOTIME, Numerics.RPL_NAMREPLY, Numerics.RPL_ENDOFNAMES], seen.Commands());
        Assert.Equal(["#bar", "moving"], seen[0].Parameters);
        Assert.StartsWith("baz!", seen[0].Source);
        Assert.Equal(["#qux"], seen[1].Parameters);
        Assert.StartsWith("baz!", seen[1].Source);
        Assert.Equal("hello", seen[2].Parameters[2]);
        Assert.Equal("@bar baz", seen[4].Parameters[3]);
    }

    [Fact]
    public void Room_keeps_its_state_under_the_new_name_and_the_old_name_is_free()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar");
        bar.Send("MODE #bar +kb key spammer");
        var room = h.Hub.Rooms.Find("#bar")!;
        bar.Send("RENAME #bar #qux");
        Assert.Same(room, h.Hub.Rooms.Find("#QUX"));
        Assert.Null(h.Hub.Rooms.Find("#bar"));
        Assert.Equal("#qux", room.Name);
        Assert.Equal("key", room.JoinKey);
        Assert.Single(room.Bans);
        Assert.True(room.IsOperator(bar.Session));

        var baz = h.Joined("baz", "#bar");
        baz.Send("MODE #bar +k beer");
        Assert.Equal("MODE", Assert.Single(baz.Drain()).Command);
    }

    [Fact]
    public void Messages_reach_the_room_by_its_new_name()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar");
        var baz = h.Joined("baz", "#bar");
        bar.Send("RENAME #bar #qux");
        RoomFixture.DrainAll(bar, baz);
        baz.Send("PRIVMSG #qux :hi");
        Assert.Equal(["#qux", "hi"], bar.Drain().Only("PRIVMSG").Parameters);
        baz.Send("PRIVMSG #bar :hi");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(baz.Drain()).Command);
    }

    [Fact]
    public void Change_of_case_is_allowed_and_skips_the_fallback()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        var baz = h.Joined("baz", "#bar");
        RoomFixture.DrainAll(bar, baz);
        bar.Send("RENAME #bar #BAR");
        Assert.Equal(["#bar", "#BAR", ""], Assert.Single(bar.Drain()).Parameters);
        Assert.Empty(baz.Drain());
        Assert.Equal("#BAR", h.Hub.Rooms.Find("#bar")!.Name);
    }

    [Fact]
    public void Taken_name_is_fail_channel_name_in_use()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        h.Joined("other", "#taken");
        bar.Send("RENAME #bar #Taken :x");
        var fail = Assert.Single(bar.Drain());
        Assert.Equal("FAIL", fail.Command);
        Assert.Equal(["RENAME", "CHANNEL_NAME_IN_USE", "#bar", "#Taken"], fail.Parameters.Take(4));
        Assert.Equal("#bar", h.Hub.Rooms.Find("#bar")!.Name);
    }

    [Theory]
    [InlineData("qux")]
    [InlineData("#a,b")]
    public void Invalid_new_name_is_fail_cannot_rename(string newName)
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar", Cap);
        bar.Send($"RENAME #bar {newName}");
        var fail = Assert.Single(bar.Drain());
        Assert.Equal(["RENAME", "CANNOT_RENAME", "#bar", newName], fail.Parameters.Take(4));
    }

    [Fact]
    public void Only_room_operators_rename()
    {
        var h = new HubHarness();
        h.Joined("bar", "#bar");
        var baz = h.Joined("baz", "#bar");
        baz.Send("RENAME #bar #qux");
        Assert.Equal(Numerics.ERR_CHANOPRIVSNEEDED, Assert.Single(baz.Drain()).Command);
        var outsider = h.Connect("outsider");
        outsider.Send("RENAME #bar #qux");
        Assert.Equal(Numerics.ERR_NOTONCHANNEL, Assert.Single(outsider.Drain()).Command);
        outsider.Send("RENAME #nowhere #qux");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(outsider.Drain()).Command);
        Assert.NotNull(h.Hub.Rooms.Find("#bar"));
    }

    [Fact]
    public void Rename_needs_two_parameters()
    {
        var h = new HubHarness();
        var bar = h.Joined("bar", "#bar");
        bar.Send("RENAME #bar");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(bar.Drain()).Command);
    }
}
