namespace Parley.Client.Tests;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData(null, "127.0.0.1", 12345)]
    [InlineData("", "127.0.0.1", 12345)]
    [InlineData("chat.example.org", "chat.example.org", 12345)]
    [InlineData("chat.example.org:6667", "chat.example.org", 6667)]
    [InlineData("10.0.0.2:7000", "10.0.0.2", 7000)]
    [InlineData("[::1]:6667", "::1", 6667)]
    [InlineData("[::1]", "::1", 12345)]
    [InlineData("::1", "::1", 12345)]
    [InlineData(":6667", "127.0.0.1", 6667)]
    public void Parses_host_and_optional_port(string? text, string host, int port)
    {
        Assert.True(ServerAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(new ServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("host:port")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("[::1")]
    [InlineData("[::1]6667")]
    [InlineData("two words")]
    public void Rejects_what_is_not_an_address(string text)
    {
        Assert.False(ServerAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Prints_ipv6_in_brackets()
    {
        Assert.Equal("[::1]:6667", new ServerAddress("::1", 6667).ToString());
        Assert.Equal("127.0.0.1:12345", ServerAddress.Default.ToString());
    }
}
