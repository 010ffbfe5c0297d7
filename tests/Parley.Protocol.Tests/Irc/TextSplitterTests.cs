using System.Text;
using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

public sealed class TextSplitterTests
{
    [Fact]
    public void Short_text_is_one_piece()
    {
        Assert.Equal(["hello"], TextSplitter.Split("hello", 100));
    }

    [Fact]
    public void Long_text_is_cut_at_spaces_and_nothing_is_lost()
    {
        var text = "the quick brown fox jumps over the lazy dog";
        var pieces = TextSplitter.Split(text, 12);
        Assert.All(pieces, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 12));
        Assert.Equal(text, string.Join(' ', pieces));
    }

    [Fact]
    public void Multibyte_characters_are_never_cut_in_half()
    {
        var text = string.Concat(Enumerable.Repeat("é😀", 20));
        var pieces = TextSplitter.Split(text, 7);
        Assert.All(pieces, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 7));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-300)]
    public void A_budget_too_small_for_any_character_is_taken_as_one_character(int budget)
    {
        var pieces = TextSplitter.Split("héllo ☃ 🎉", budget);
        Assert.Equal("héllo☃🎉", string.Concat(pieces).Replace(" ", ""));
        Assert.All(pieces, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 4));
    }

    [Fact]
    public void Budget_leaves_room_for_the_longest_source_the_server_may_add()
    {
        var budget = TextSplitter.Budget("PRIVMSG", "#lobby");
        Assert.True(budget + "PRIVMSG #lobby :".Length + 116 + 2 <= 512);
        Assert.True(budget > 300);
    }

    [Fact]
    public void Short_text_is_one_chunk()
    {
        Assert.Equal(["hello there"], TextSplitter.Split("hello there", 100));
    }

    [Fact]
    public void Text_that_fits_exactly_is_not_cut()
    {
        Assert.Equal(["abcdefghij"], TextSplitter.Split("abcdefghij", 10));
    }

    [Fact]
    public void Long_text_breaks_at_spaces_and_loses_nothing_but_the_break_spaces()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "w" + i));
        var chunks = TextSplitter.Split(text, 50);
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 50));
        Assert.All(chunks, c => Assert.False(c.StartsWith(' ') || c.EndsWith(' ')));
        Assert.Equal(text, string.Join(' ', chunks));
    }

    [Fact]
    public void Text_without_spaces_is_cut_at_the_limit()
    {
        var text = new string('x', 25);
        Assert.Equal(["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"], TextSplitter.Split(text, 10));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("☃")]
    [InlineData("🎉")]
    [InlineData("a🎉")]
    public void Cuts_never_split_a_character(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 40));
        for (var max = 4; max < 20; max++)
        {
            var chunks = TextSplitter.Split(text, max);
            Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= max));
            Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])));
            Assert.Equal(text, string.Concat(chunks));
        }
    }
}
