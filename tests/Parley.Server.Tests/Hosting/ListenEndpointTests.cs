using System.Net;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Hosting;

public sealed class ListenEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:6667", ListenScheme.Tcp, "127.0.0.1:6667")]
    [InlineData("tcp://127.0.0.1:6667", ListenScheme.Tcp, "127.0.0.1:6667")]
    [InlineData("udp://127.0.0.1:6667", ListenScheme.Udp, "127.0.0.1:6667")]
    [InlineData("UDP://[::1]:12345", ListenScheme.Udp, "[::1]:12345")]
    [InlineData("udp://0.0.0.0:0", ListenScheme.Udp, "0.0.0.0:0")]
    [InlineData("tls://127.0.0.1:6697", ListenScheme.Tls, "127.0.0.1:6697")]
    [InlineData("TLS://[::1]:6697", ListenScheme.Tls, "[::1]:6697")]
    public void Parses_the_scheme_and_a_missing_one_means_TCP(string text, ListenScheme scheme, string endPoint)
    {
        Assert.True(ListenEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(scheme, endpoint.Scheme);
        Assert.Equal(IPEndPoint.Parse(endPoint), endpoint.EndPoint);
    }

    [Fact]
    public void An_unknown_scheme_names_the_supported_ones()
    {
        Assert.False(ListenEndpoint.TryParse("sctp://127.0.0.1:1", out _, out var error));
        Assert.Equal("unsupported scheme 'sctp' in 'sctp://127.0.0.1:1' (supported: tcp, udp, tls)", error);
    }

    [Fact]
    public void The_defaults_are_TCP_and_UDP_on_the_same_loopback_port()
    {
        Assert.Equal(["tcp://127.0.0.1:12345", "udp://127.0.0.1:12345"], ListenEndpoint.Defaults.Select(e => e.ToString()));
    }
}
