using System.Text;
using Parley.Server.Accounts;

namespace Parley.Server.Tests.Accounts;

public sealed class SaslPlainTests
{
    private static SaslPlain? Parse(string text) => SaslPlain.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Three_parts_give_authzid_user_and_password()
    {
        Assert.Equal(new SaslPlain("jilles", "jilles", "sesame"), Parse("jilles\0jilles\0sesame"));
        Assert.Equal(new SaslPlain(null, "foo", "é pass"), Parse("\0foo\0é pass"));
    }

    [Theory]
    [InlineData("\0\0sesame")] // empty user
    [InlineData("\0jilles\0")] // empty password
    [InlineData("\0jilles\0sesa\0me")] // NUL in the password
    [InlineData("jilles")]
    [InlineData("")]
    public void Malformed_responses_are_refused(string text) => Assert.Null(Parse(text));

    [Fact]
    public void Invalid_utf8_is_refused() => Assert.Null(SaslPlain.Parse([0, (byte)'a', 0, 0xff, 0xfe]));
}
