using System.Net.NetworkInformation;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Who may bind a port: never two servers at once, but a restarted server at once, old connections or not.</summary>
public sealed class ListenPortTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_second_server_on_the_same_endpoint_fails_to_start_with_address_in_use()
    {
        await using var first = await InProcessServer.StartAsync();
        var endpoint = $"127.0.0.1:{first.Port()}";

        var error = await Assert.ThrowsAsync<ServerStartException>(() => InProcessServer.StartAsync(o => o.Listen = [endpoint]));

        Assert.Equal($"cannot listen on tcp://{endpoint}: address already in use", error.Message);
        await using var stillServed = await LineClient.RegisterAsync(first.Port(), "alice", TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_restarted_server_listens_again_on_the_same_port_while_old_connections_wait_in_TIME_WAIT()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = await InProcessServer.StartAsync();
        var port = first.Port();
        await using (var alice = await LineClient.RegisterAsync(port, "alice", cancel))
        {
            await first.StopAsync(); // the server closes first, so its side of the connection goes to TIME_WAIT
            await alice.ReadToEndAsync();
            await first.DisposeAsync();
        }
        Assert.Contains(IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections(),
            c => c.LocalEndPoint.Port == port && c.State == TcpState.TimeWait);

        await using var second = await InProcessServer.StartAsync(o => o.Listen = [$"127.0.0.1:{port}"]);
        await using var bob = await LineClient.RegisterAsync(port, "bob", cancel);
    }
}
