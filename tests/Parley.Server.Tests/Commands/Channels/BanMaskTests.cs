using Parley.Server.Commands.Channels;

namespace Parley.Server.Tests.Commands.Channels;

public sealed class BanMaskTests
{
    [Theory]
    [InlineData("bob", "bob!*@*")]
    [InlineData("bob!", "bob!*@*")]
    [InlineData("bob!u", "bob!u@*")]
    [InlineData("*@host.example", "*!*@host.example")]
    [InlineData("user@host", "*!user@host")]
    [InlineData("bob!u@h", "bob!u@h")]
    [InlineData("!@", "*!*@*")]
    public void Partial_masks_are_completed(string raw, string expected) =>
        Assert.Equal(expected, BanMask.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData(":colon")]
    [InlineData("a b")]
    [InlineData("a,b")]
    public void Unusable_masks_are_refused(string raw) => Assert.Null(BanMask.Normalize(raw));

    [Fact]
    public void Overlong_masks_are_refused_rather_than_cut() =>
        Assert.Null(BanMask.Normalize(new string('a', BanMask.MaxLength)));
}
