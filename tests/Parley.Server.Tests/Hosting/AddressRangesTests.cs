using System.Net;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Hosting;

public sealed class AddressRangesTests
{
    [Theory]
    [InlineData("127.0.0.0/8,::1/128", "127.0.0.1", true)]
    [InlineData("127.0.0.0/8,::1/128", "127.200.3.4", true)]
    [InlineData("127.0.0.0/8,::1/128", "::1", true)]
    [InlineData("127.0.0.0/8,::1/128", "::ffff:127.0.0.1", true)] // an IPv4 client on a dual-mode socket
    [InlineData("127.0.0.0/8,::1/128", "128.0.0.1", false)]
    [InlineData("127.0.0.0/8,::1/128", "::2", false)]
    [InlineData(" 192.0.2.0/24 , 2001:db8::/32 ", "2001:db8:1::9", true)]
    [InlineData("192.0.2.7", "192.0.2.7", true)] // a bare address is itself alone
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData("", "127.0.0.1", false)]
    public void Contains_matches_addresses_in_any_range(string ranges, string address, bool expected) =>
        Assert.Equal(expected, AddressRanges.Parse(ranges).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.0/33")]
    [InlineData("127.0.0.0/8,nonsense")]
    public void A_bad_entry_is_named_in_the_error(string ranges)
    {
        Assert.False(AddressRanges.TryParse(ranges, out _, out var error));
        Assert.Contains(ranges.Split(',')[^1], error);
    }

    [Fact]
    public void Limits_with_a_bad_exempt_range_or_a_negative_number_do_not_validate()
    {
        Assert.Null(new LimitOptions().Validate());
        Assert.Contains("Limits:Exempt", new LimitOptions { Exempt = "10.0.0.0/99" }.Validate());
        Assert.Contains("Limits:FloodBurst", new LimitOptions { FloodBurst = 0 }.Validate());
        Assert.Contains("Limits:MaxConnectionsPerIp", new LimitOptions { MaxConnectionsPerIp = -1 }.Validate());
    }
}
