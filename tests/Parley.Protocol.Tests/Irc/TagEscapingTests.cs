using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

public sealed class TagEscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a;b", @"a\:b")]
    [InlineData("a b", @"a\sb")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a\rb\nc", @"a\rb\nc")]
    [InlineData(@"\", @"\\")]
    [InlineData("", "")]
    public void Escape_uses_the_five_message_tags_escapes(string value, string escaped)
    {
        Assert.Equal(escaped, TagEscaping.Escape(value));
        Assert.Equal(value, TagEscaping.Unescape(escaped));
    }

    [Fact]
    public void Escaped_value_holds_no_space_semicolon_cr_or_lf()
    {
        var escaped = TagEscaping.Escape("x; y\r\n\\z ;");
        Assert.Equal(-1, escaped.AsSpan().IndexOfAny("; \r\n"));
    }

    [Theory]
    [InlineData(@"\b", "b")]
    [InlineData(@"a\", "a")]
    [InlineData(@"\", "")]
    [InlineData(@"\\\", @"\")]
    [InlineData(@"a\:\", "a;")]
    [InlineData(@"\t\0", "t0")]
    public void Unescape_drops_a_lone_trailing_backslash_and_keeps_unknown_escaped_characters(string raw, string value)
    {
        Assert.Equal(value, TagEscaping.Unescape(raw));
    }

    [Fact]
    public void Every_value_round_trips()
    {
        var random = new Random(1459);
        const string alphabet = "ab;\\ \r\n:s=é☃";
        for (var i = 0; i < 2000; i++)
        {
            var value = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(value, TagEscaping.Unescape(TagEscaping.Escape(value)));
        }
    }

    [Fact]
    public void Tags_joined_into_wire_form_split_back_to_the_same_keys_and_values()
    {
        MessageTag[] tags = [new("+draft/react", "a;b c\\d"), new("+flag", ""), new("+x", "=y")];
        var wire = TagEscaping.Join(tags);
        Assert.Equal("+draft/react=a\\:b\\sc\\\\d;+flag;+x==y", wire);
        Assert.Equal(tags, TagEscaping.Split(wire));
        Assert.Empty(TagEscaping.Split(""));
    }
}
