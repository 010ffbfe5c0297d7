namespace Parley.Tests.Soak;

/// <summary>The live fuzzer: clients send mutations of the IRC fuzz corpus (as IRC and as plain text) to a running
/// server while honest clients chat. The test is a short smoke (30 clients, 5 s); scripts/livefuzz.sh runs it long, or
/// against a server started elsewhere (docs/reliability.md, "Fuzzing").</summary>
[Collection(ChaosCollection.Name)]
public sealed class LiveFuzzTests
{
    // No Timeout: scripts/livefuzz.sh makes the run as long as asked. Every wait inside the run is bounded instead.
    [Fact]
    public async Task Mutated_traffic_leaves_honest_clients_whole_and_the_server_empty_after()
    {
        var settings = new ChaosSettings { Duration = TimeSpan.FromSeconds(5), ChaosClients = 30, Mix = ChaosBehaviours.FuzzMix, MisbehavingExempt = true }.FromEnvironment();
        await using var server = await ChaosServer.StartAsync(settings);

        var report = await ChaosRun.RunAsync(settings, server, ChaosCollection.Corpora, TestContext.Current.CancellationToken);
        ChaosCollection.Publish(report);

        ChaosAssert.ServerCameThroughWhole(report);
    }
}
