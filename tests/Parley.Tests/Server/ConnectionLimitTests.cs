using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Connections past the limits of the TCP door are told why in one ERROR line and closed; everyone already
/// connected stays. Every client here comes from 127.0.0.1, so the tests turn loopback's exemption off.</summary>
public sealed class ConnectionLimitTests
{
    private static async Task<List<string>> RefusedAsync(int port, string name, CancellationToken cancel)
    {
        await using var client = await LineClient.ConnectAsync(port, name, cancel);
        // A client speaks at once, before it could read a refusal: what it sent must not turn the close into a reset
        // that destroys the ERROR line.
        await client.SendAsync($"NICK {name}", $"USER {name} 0 * :{name}");
        return await client.ReadToEndAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_connection_past_the_per_address_maximum_is_told_why_and_closed_and_the_others_stay()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o =>
        {
            o.Limits.Exempt = string.Empty;
            o.Limits.MaxConnectionsPerIp = 2;
        });
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);

        Assert.Equal(["ERROR :Closing Link: 127.0.0.1 (Too many connections from your IP)"], await RefusedAsync(server.Port(), "carol", cancel));
        await alice.SyncAsync();
        await bob.SyncAsync();

        // When one goes, there is room again.
        await bob.SendAsync("QUIT");
        await bob.ReadToEndAsync();
        await bob.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using var carol = await LineClient.ConnectAsync(server.Port(), "carol", cancel);
            await carol.SendAsync("NICK carol", "USER carol 0 * :carol");
            var first = await carol.ExpectAsync(_ => true);
            if (LineClient.Command(first) == "001")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "bob's connection was never counted as gone");
            await Task.Delay(100, cancel);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Connecting_faster_than_the_per_address_rate_is_refused()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o =>
        {
            o.Limits.Exempt = string.Empty;
            o.Limits.ConnectionsPerIpPerMinute = 3;
        });
        for (var i = 0; i < 3; i++)
        {
            await using var client = await LineClient.RegisterAsync(server.Port(), $"c{i}", cancel);
        }
        Assert.Equal(["ERROR :Closing Link: 127.0.0.1 (Too many new connections from your IP; try again later)"],
            await RefusedAsync(server.Port(), "c3", cancel));
    }

    [Fact(Timeout = 30_000)]
    public async Task Past_the_server_maximum_even_an_exempt_address_is_told_the_server_is_full()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.MaxConnections = 2);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
        Assert.Equal(["ERROR :Closing Link: 127.0.0.1 (Server is full)"], await RefusedAsync(server.Port(), "carol", cancel));
        await alice.SyncAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Exempt_addresses_are_not_held_to_the_per_address_limits()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o =>
        {
            o.Limits.MaxConnectionsPerIp = 1;
            o.Limits.ConnectionsPerIpPerMinute = 1;
        });
        var clients = new List<LineClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                clients.Add(await LineClient.RegisterAsync(server.Port(), $"local{i}", cancel));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
