using Parley.Server.Commands.Channels;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

/// <summary>What ISUPPORT and RPL_MYINFO advertise agrees with how MODE treats each letter.</summary>
public sealed class RoomModeLettersTests
{
    private static string Token(string name) =>
        new HubHarness().Hub.Support.Tokens.Single(t => t.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public void Every_chanmodes_group_holds_letters_of_its_kind()
    {
        var groups = Token("CHANMODES").Split(',');
        RoomModeKind[] kinds = [RoomModeKind.List, RoomModeKind.Key, RoomModeKind.Limit, RoomModeKind.Flag];
        Assert.Equal(kinds.Length, groups.Length);
        for (var i = 0; i < kinds.Length; i++)
        {
            Assert.All(groups[i], letter => Assert.Equal(kinds[i], RoomModeLetters.KindOf(letter)));
        }
    }

    [Fact]
    public void Myinfo_letters_are_the_chanmodes_letters_and_the_prefix_letters()
    {
        var h = new HubHarness();
        var advertised = Token("CHANMODES").Replace(",", "") + "ov";
        Assert.Equal(advertised.Order(), h.Hub.Support.ChannelModes.Order());
    }

    [Fact]
    public void Excepts_and_invex_name_list_modes()
    {
        Assert.Equal(RoomModeKind.List, RoomModeLetters.KindOf(Token("EXCEPTS")[0]));
        Assert.Equal(RoomModeKind.List, RoomModeLetters.KindOf(Token("INVEX")[0]));
        Assert.Equal(",m", Token("EXTBAN"));
        Assert.Equal(BanMask.MutePrefix, Token("EXTBAN")[1..] + ":");
    }

    [Fact]
    public void Myinfo_letters_with_a_parameter_are_the_lists_key_limit_and_prefixes()
    {
        var h = new HubHarness();
        var withParameter = h.Hub.Support.ChannelModes.Where(l => RoomModeLetters.KindOf(l) is not RoomModeKind.Flag);
        Assert.Equal(withParameter.Order(), h.Hub.Support.ChannelModesWithParameter.Order());
    }
}
