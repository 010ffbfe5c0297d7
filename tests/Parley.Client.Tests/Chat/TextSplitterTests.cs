using System.Text;
using Parley.Client.Chat;

namespace Parley.Client.Tests.Chat;

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

    [Fact]
    public void Budget_leaves_room_for_the_longest_source_the_server_may_add()
    {
        var budget = TextSplitter.Budget("PRIVMSG", "#lobby");
        Assert.True(budget + "PRIVMSG #lobby :".Length + 116 + 2 <= 512);
        Assert.True(budget > 300);
    }
}
