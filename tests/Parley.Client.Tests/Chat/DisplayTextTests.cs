using Parley.Client.Chat;

namespace Parley.Client.Tests.Chat;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\u0002bold\u000F \u001Ditalic\u001D \u001Funder\u001F", "bold italic under")]
    [InlineData("\u000304red\u0003 \u00034,12both\u0003 \u0003,no", "red both ,no")]
    [InlineData("\u000412AB3Fhex", "hex")]
    [InlineData("a\u001b]0;title\u0007b", "a]0;titleb")]
    [InlineData("tab\there", "tab here")]
    [InlineData("c1\u009bcontrol", "c1control")]
    [InlineData("héllo ✓ 😀", "héllo ✓ 😀")]
    public void Clean_removes_controls_and_formatting_but_keeps_text(string input, string expected)
    {
        Assert.Equal(expected, DisplayText.Clean(input));
    }
}
