using Parley.Protocol.Irc;

namespace Parley.Client.Tests;

public sealed class NickChoiceTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("john.doe", "johndoe")]
    [InlineData("1337haxor", "haxor")]
    [InlineData("Zoë", "Zo")]
    public void Login_name_becomes_a_valid_nick(string user, string nick)
    {
        Assert.Equal(nick, NickChoice.Default(user, new Random(1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("...")]
    public void Unusable_login_name_gives_a_guest_nick(string? user)
    {
        Assert.Matches("^guest[0-9]{4}$", NickChoice.Default(user, new Random(1)));
    }

    [Fact]
    public void Candidates_are_name_underscore_then_numbers_within_the_length_limit()
    {
        Assert.Equal(["bob", "bob_", "bob1", "bob2"], Enumerable.Range(0, 4).Select(i => NickChoice.Candidate("bob", i)));
        var longest = new string('n', IrcNames.MaxNickLength);
        Assert.All(Enumerable.Range(0, 15).Select(i => NickChoice.Candidate(longest, i)), n => Assert.True(IrcNames.IsValidNick(n), n));
        Assert.Equal(15, Enumerable.Range(0, 15).Select(i => NickChoice.Candidate(longest, i)).Distinct().Count());
    }
}
