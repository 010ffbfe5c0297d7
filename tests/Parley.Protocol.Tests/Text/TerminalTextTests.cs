using Parley.Protocol.Text;

namespace Parley.Protocol.Tests.Text;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, tabs\tand ünïcödé 🎉")]
    [InlineData("")]
    public void Clean_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, TerminalText.Clean(text));
    }

    [Theory]
    [InlineData("\u0002bold\u0002", "bold")]
    [InlineData("\u001Ditalic\u001D \u001Funder\u001F \u001Estrike\u001E \u0011mono\u0011 \u0016rev\u0016 x\u000F", "italic under strike mono rev x")]
    [InlineData("\u00034red", "red")]
    [InlineData("\u000304red", "red")]
    [InlineData("\u000304,12red on blue", "red on blue")]
    [InlineData("\u0003,12comma stays", ",12comma stays")]
    [InlineData("\u0003123", "3")] // two digits at most
    [InlineData("\u000304,", ",")]
    [InlineData("\u0004FF00FFhex", "hex")]
    [InlineData("\u0004FF00FF,00FF00hex", "hex")]
    [InlineData("reset\u0003", "reset")]
    public void Irc_formatting_codes_are_removed_with_their_colour_arguments(string text, string clean)
    {
        Assert.Equal(clean, TerminalText.Clean(text));
    }

    [Theory]
    [InlineData("a\rb", "a b")]
    [InlineData("a\nb", "a b")]
    [InlineData("a\0b", "a b")]
    [InlineData("a\u001b[31mb", "a [31mb")]
    [InlineData("bell\u0007", "bell ")]
    [InlineData("back\u0008\u0008", "back  ")]
    [InlineData("del\u007F", "del ")]
    [InlineData("c1\u009B2J", "c1 2J")]
    [InlineData("nel\u0085x", "nel x")]
    [InlineData("ls\u2028ps\u2029", "ls ps ")]
    [InlineData("a\u001b]0;title\u0007b", "a ]0;title b")] // a window-title escape
    public void Other_control_characters_become_spaces(string text, string clean)
    {
        Assert.Equal(clean, TerminalText.Clean(text));
    }
}
