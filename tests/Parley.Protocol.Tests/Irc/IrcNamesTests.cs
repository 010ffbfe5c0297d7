using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

public sealed class IrcNamesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("A")]
    [InlineData("[away]")]
    [InlineData(@"back\slash")]
    [InlineData("`quote_^{|}")]
    [InlineData("nick-2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234")] // 30, the limit
    public void Valid_nicks(string nick)
    {
        Assert.True(IrcNames.IsValidNick(nick));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("-abc")]
    [InlineData("a b")]
    [InlineData("#chan")]
    [InlineData("a,b")]
    [InlineData("a:b")]
    [InlineData("a!b")]
    [InlineData("a@b")]
    [InlineData("a*")]
    [InlineData("a.b")]
    [InlineData("é")]
    [InlineData("a\0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345")] // 31
    public void Invalid_nicks(string nick)
    {
        Assert.False(IrcNames.IsValidNick(nick));
    }

    [Theory]
    [InlineData("#a")]
    [InlineData("#lobby")]
    [InlineData("#with-dash.and_dots")]
    [InlineData("#café")]
    [InlineData("##double")]
    public void Valid_channels(string name)
    {
        Assert.True(IrcNames.IsValidChannel(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("lobby")]
    [InlineData("&local")]
    [InlineData("#a b")]
    [InlineData("#a,b")]
    [InlineData("#a\ab")]
    [InlineData("#a\0")]
    [InlineData("#a\r")]
    [InlineData("#a\n")]
    [InlineData("#a:b")]
    public void Invalid_channels(string name)
    {
        Assert.False(IrcNames.IsValidChannel(name));
    }

    [Fact]
    public void Channel_length_limit_includes_the_hash()
    {
        Assert.True(IrcNames.IsValidChannel("#" + new string('c', IrcNames.MaxChannelLength - 1)));
        Assert.False(IrcNames.IsValidChannel("#" + new string('c', IrcNames.MaxChannelLength)));
    }

    [Theory]
    [InlineData("#x", true)]
    [InlineData("#", true)]
    [InlineData("x", false)]
    [InlineData("", false)]
    [InlineData("@#x", false)]
    public void IsChannelName_looks_only_at_the_prefix(string target, bool expected)
    {
        Assert.Equal(expected, IrcNames.IsChannelName(target));
    }
}
