namespace Parley.Tests.Soak;

/// <summary>The chaos soak: many clients joining, parting, renaming, talking, closing abruptly, leaving connections half
/// open and stalling their reads, while a few honest clients chat. The test is a short smoke (200 clients, 12 s);
/// scripts/soak.sh runs it long and with 1,000 clients (docs/reliability.md, "Chaos soak").</summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosSoakTests
{
    // No Timeout: scripts/soak.sh makes the run as long as asked. Every wait inside the run is bounded instead.
    [Fact]
    public async Task Under_chaos_honest_clients_get_every_message_in_order_and_the_server_ends_empty()
    {
        var settings = new ChaosSettings { Duration = TimeSpan.FromSeconds(12), ChaosClients = 200 }.FromEnvironment();
        await using var server = await ChaosServer.StartAsync(settings);

        var report = await ChaosRun.RunAsync(settings, server, ChaosCollection.Corpora, TestContext.Current.CancellationToken);
        ChaosCollection.Publish(report);

        ChaosAssert.ServerCameThroughWhole(report);
    }
}
