using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>A connection that starts IRC registration and never finishes it is dropped after the configured time.</summary>
public sealed class RegistrationTimeoutTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_connection_that_never_completes_registration_is_dropped_after_the_timeout()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.RegistrationTimeoutSeconds = 2);
        await using var registered = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var lazy = await LineClient.ConnectAsync(server.Port(), "lazy", cancel);

        await lazy.SendAsync("NICK lazy");
        await lazy.SyncAsync(); // served as IRC and still connected right after it spoke

        // The timeout is 2 s and the hub checks once a second: closed well within 8 s.
        await lazy.ReadToEndAsync(TimeSpan.FromSeconds(8));

        // Only the lazy one went: a registered client is not subject to the registration timeout.
        await registered.SyncAsync();
    }
}
