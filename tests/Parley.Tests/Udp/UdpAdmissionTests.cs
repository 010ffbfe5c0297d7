using Parley.Client.Connection;
using Parley.Tests.Support;

namespace Parley.Tests.Udp;

/// <summary>The connection limits hold over UDP as over TCP: past the per-address maximum a session is refused with a
/// reason, and a slot freed by a session that ends is free again.</summary>
public sealed class UdpAdmissionTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_session_past_the_per_address_maximum_is_refused_with_the_reason()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await UdpServer.StartAsync(o =>
        {
            o.Limits.Exempt = string.Empty;
            o.Limits.MaxConnectionsPerIp = 1;
        });
        await using var first = await UdpLineClient.RegisterAsync(server.UdpEndPoint(), "first", cancel);

        var refused = await Assert.ThrowsAsync<IOException>(
            () => DatagramSession.ConnectAsync(server.UdpEndPoint(), TimeSpan.FromSeconds(10), cancel));
        Assert.Contains("Too many connections", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await server.SessionCountAsync());

        first.Send("QUIT :making room");
        await first.ReadToEndAsync();
        await UdpServer.EventuallyAsync(async () => await server.SessionCountAsync() == 0, "the first session to end");
        await using var second = await UdpLineClient.RegisterAsync(server.UdpEndPoint(), "second", cancel);
    }
}
