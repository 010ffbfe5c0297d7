using System.Text;
using Parley.Server.Doors.Plain;

namespace Parley.Server.Tests.Doors.Plain;

public sealed class TextChunksTests
{
    [Fact]
    public void Short_text_is_one_chunk()
    {
        Assert.Equal(["hello there"], TextChunks.Split("hello there", 100));
    }

    [Fact]
    public void Text_that_fits_exactly_is_not_cut()
    {
        Assert.Equal(["abcdefghij"], TextChunks.Split("abcdefghij", 10));
    }

    [Fact]
    public void Long_text_breaks_at_spaces_and_loses_nothing_but_the_break_spaces()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "w" + i));
        var chunks = TextChunks.Split(text, 50);
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 50));
        Assert.All(chunks, c => Assert.False(c.StartsWith(' ') || c.EndsWith(' ')));
        Assert.Equal(text, string.Join(' ', chunks));
    }

    [Fact]
    public void Text_without_spaces_is_cut_at_the_limit()
    {
        var text = new string('x', 25);
        Assert.Equal(["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"], TextChunks.Split(text, 10));
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
            var chunks = TextChunks.Split(text, max);
            Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= max));
            Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])));
            Assert.Equal(text, string.Concat(chunks));
        }
    }
}
