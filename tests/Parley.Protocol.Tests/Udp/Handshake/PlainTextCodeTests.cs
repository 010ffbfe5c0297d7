using System.Text;
using Parley.Protocol.Udp.Handshake;

namespace Parley.Protocol.Tests.Udp.Handshake;

public sealed class PlainTextCodeTests
{
    private const long Minute = 60_000_000;
    private static readonly byte[] Address = [127, 0, 0, 1];
    private const int Port = 51000;

    private static PlainTextCode Codes(CookieKeyRing? keys = null) => new(keys ?? new CookieKeyRing(new byte[32]));

    private static byte[] Text(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void A_code_is_eight_characters_of_crockford_base32()
    {
        var code = Codes().Create(Address, Port, 0);
        Assert.Equal(PlainTextCode.Length, code.Length);
        Assert.All(code, c => Assert.Contains(c, PlainTextCode.Alphabet));
    }

    [Fact]
    public void The_challenge_line_is_short_and_shows_the_code_in_two_halves()
    {
        var codes = Codes();
        var code = codes.Create(Address, Port, 0);
        var line = codes.ChallengeLine(Address, Port, 0);
        Assert.Equal($"code: {code[..4]}-{code[4..]}\n", Encoding.ASCII.GetString(line));
        Assert.Equal(16, line.Length);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("{0}\n")]
    [InlineData("{1}\r\n")]
    [InlineData("  {0}-{2} \n")]
    [InlineData("code: {0}-{2}\n")]
    [InlineData("CODE:{1}")]
    public void The_code_comes_back_in_any_reasonable_spelling(string template)
    {
        var codes = Codes();
        var code = codes.Create(Address, Port, 0);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, code, code.ToLowerInvariant(), "");
        if (template.Contains("{2}", StringComparison.Ordinal))
        {
            text = text.Replace(code, code[..4] + "-" + code[4..], StringComparison.Ordinal).Replace("--", "-", StringComparison.Ordinal);
        }
        Assert.True(codes.IsValidResponse(Text(text), Address, Port, 0), text);
    }

    [Fact]
    public void Letters_that_look_like_digits_are_read_as_digits()
    {
        var codes = Codes();
        string code;
        var port = Port;
        // Find a code with a 0 or a 1 in it, then send O, I or L instead.
        while (!(code = codes.Create(Address, port, 0)).Any(c => c is '0' or '1'))
        {
            port++;
        }
        var typed = code.Replace('0', 'o').Replace('1', 'l');
        Assert.True(codes.IsValidResponse(Text(typed), Address, port, 0));
    }

    [Fact]
    public void A_wrong_code_other_address_or_other_port_is_refused()
    {
        var codes = Codes();
        var code = codes.Create(Address, Port, 0);
        var wrong = (code[0] == 'A' ? "B" : "A") + code[1..];
        Assert.False(codes.IsValidResponse(Text(wrong), Address, Port, 0));
        Assert.False(codes.IsValidResponse(Text(code), [127, 0, 0, 2], Port, 0));
        Assert.False(codes.IsValidResponse(Text(code), Address, Port + 1, 0));
        Assert.False(codes.IsValidResponse(Text(code + "0"), Address, Port, 0));
        Assert.False(codes.IsValidResponse(Text(code[..7]), Address, Port, 0));
        Assert.False(codes.IsValidResponse(Text("hello"), Address, Port, 0));
    }

    [Fact]
    public void A_code_lives_one_to_two_minutes()
    {
        var codes = Codes();
        var code = codes.Create(Address, Port, 30 * 1_000_000);
        Assert.True(codes.IsValidResponse(Text(code), Address, Port, (2 * Minute) - 1));
        Assert.False(codes.IsValidResponse(Text(code), Address, Port, 2 * Minute));
    }

    [Fact]
    public void Rotation_keeps_the_previous_key_only()
    {
        var keys = new CookieKeyRing(new byte[32]);
        var codes = Codes(keys);
        var code = codes.Create(Address, Port, 0);
        keys.Rotate(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.True(codes.IsValidResponse(Text(code), Address, Port, 0));
        keys.Rotate(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.False(codes.IsValidResponse(Text(code), Address, Port, 0));
    }

    [Fact]
    public void Codes_for_different_ports_differ()
    {
        var keys = new CookieKeyRing(new byte[32]);
        var codes = new HashSet<string>();
        for (var port = 1; port <= 200; port++)
        {
            codes.Add(Codes(keys).Create(Address, port, 0));
        }
        Assert.True(codes.Count >= 199, "codes for different ports collide far too often");
    }
}
