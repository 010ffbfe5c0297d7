using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

public sealed class IrcCaseMappingTests
{
    [Fact]
    public void Name_is_rfc1459()
    {
        Assert.Equal("rfc1459", IrcCaseMapping.Name);
    }

    [Theory]
    [InlineData("ALICE", "alice")]
    [InlineData("[Bob]", "{bob}")]
    [InlineData(@"a\b", "a|b")]
    [InlineData("x~y", "x^y")]
    [InlineData("#Room[1]", "#room{1}")]
    public void Fold_lowers_letters_and_maps_brackets_backslash_and_tilde(string name, string folded)
    {
        Assert.Equal(folded, IrcCaseMapping.Fold(name));
    }

    [Theory]
    [InlineData("already{lower}|^")]
    [InlineData("digits-123_`")]
    [InlineData("")]
    public void Fold_of_an_already_folded_name_is_the_same_string(string name)
    {
        Assert.Same(name, IrcCaseMapping.Fold(name));
    }

    [Fact]
    public void Fold_leaves_non_ascii_letters_alone()
    {
        // rfc1459 is ASCII-only: folding É would make nicks equal that clients consider different.
        Assert.Equal("éÉ", IrcCaseMapping.Fold("éÉ"));
    }

    [Theory]
    [InlineData("Nick[away]", "nick{AWAY}")]
    [InlineData(@"A\B", "a|b")]
    [InlineData("tilde~", "TILDE^")]
    public void AreEqual_treats_the_upper_and_lower_forms_as_one_name(string a, string b)
    {
        Assert.True(IrcCaseMapping.AreEqual(a, b));
        Assert.True(IrcCaseMapping.AreEqual(b, a));
    }

    [Theory]
    [InlineData("alice", "alicf")]
    [InlineData("alice", "alice_")]
    [InlineData("a-b", "a_b")]
    [InlineData("a`", "a@")] // ` and @ differ by 32 like a letter pair, but are not one
    public void AreEqual_keeps_different_names_apart(string a, string b)
    {
        Assert.False(IrcCaseMapping.AreEqual(a, b));
    }
}
