using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Flood control over a real socket: a client past its burst is slowed down, not cut off, until it queues too
/// much; then it gets "Excess Flood" and everyone else carries on.</summary>
public sealed class FloodTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_client_a_little_over_its_burst_is_served_late_but_whole()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.Exempt = string.Empty);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);

        await alice.SendAsync([.. Enumerable.Range(1, 8).Select(i => $"PING p{i}")]);
        // Five at once, then two a second: the eighth comes about 1.5 s later.
        var lines = await alice.ReadUntilAsync(l => l.EndsWith(" p8", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"p{i}"), lines.Where(l => LineClient.Command(l) == "PONG").Select(l => l.Split(' ')[^1]));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_flooder_is_cut_off_with_excess_flood_and_another_client_is_unaffected()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Limits.Exempt = string.Empty);
        await using var flooder = await LineClient.RegisterAsync(server.Port(), "flooder", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
        await flooder.JoinAsync("#room");
        await bob.JoinAsync("#room");

        await flooder.SendAsync([.. Enumerable.Range(1, 200).Select(i => $"PRIVMSG #room :flood {i}")]);

        var end = await flooder.ReadToEndAsync();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", end[^1]);
        await bob.ExpectAsync(l => l.StartsWith(":flooder!", StringComparison.Ordinal) && l.EndsWith("QUIT :Excess Flood", StringComparison.Ordinal));
        await bob.SendAsync("PRIVMSG #room :still fine");
        await bob.SyncAsync();
    }
}
