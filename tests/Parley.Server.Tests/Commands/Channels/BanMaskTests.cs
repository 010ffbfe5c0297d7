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

    [Theory]
    [InlineData("m:bob", "m:bob!*@*")]
    [InlineData("m:*@host", "m:*!*@host")]
    public void Mute_extbans_complete_the_mask_after_the_prefix(string raw, string expected) =>
        Assert.Equal(expected, BanMask.Normalize(raw, allowMute: true));

    [Fact]
    public void Mute_prefix_is_only_understood_where_allowed() =>
        Assert.Equal("m:bob!*@*", BanMask.Normalize("m:bob", allowMute: false)); // a literal nick pattern, matching no one

    [Fact]
    public void Mute_extban_with_an_unusable_mask_is_refused() =>
        Assert.Null(BanMask.Normalize("m:a b", allowMute: true));
}
