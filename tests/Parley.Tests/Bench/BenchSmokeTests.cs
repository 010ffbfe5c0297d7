using Parley.Bench.Clients;
using Parley.Bench.Results;
using Parley.Bench.Scenarios;
using Parley.Tests.Support;

namespace Parley.Tests.Bench;

/// <summary>The load generator against an in-process Parley with tiny counts: every scenario finishes, nothing is lost
/// or repeated, and its counts add up. No timing is asserted: the numbers come from bench/compare.sh, not from tests.</summary>
public sealed class BenchSmokeTests
{
    private static ScenarioSettings Settings(Parley.Server.Hosting.ParleyServer server, int? pid = null) => new()
    {
        Target = Target.Resolve("127.0.0.1", server.Port()),
        Parallel = 8,
        ServerPid = pid,
        ShowProgress = false,
        Stall = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private static void AssertClean(RunResult result)
    {
        Assert.Empty(result.Problems);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.Equal(0, result.Unexpected);
        Assert.Equal(result.Expected, result.Delivered);
        Assert.True(result.Clean);
    }

    [Fact(Timeout = 30_000)]
    public async Task Fanout_delivers_every_senders_messages_once_to_every_other_member()
    {
        await using var server = await InProcessServer.StartAsync();
        var room = new RoomTrafficSettings(Clients: 8, RoomSize: 8, SendersPerRoom: 3, Messages: 50, Window: 16, Rate: 0);

        var result = await new RoomTrafficScenario("fanout", room, Settings(server)).RunAsync(TestContext.Current.CancellationToken);

        AssertClean(result);
        Assert.Equal(3 * 50, result.Sent);
        Assert.Equal(3 * 50 * (8 - 1), result.Expected); // each message to every member but its sender
        Assert.Equal(result.Delivered, result.Latency!.Count);
        Assert.True(result.Rate > 0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Rooms_keeps_each_rooms_messages_inside_the_room()
    {
        await using var server = await InProcessServer.StartAsync();
        var rooms = new RoomTrafficSettings(Clients: 10, RoomSize: 5, SendersPerRoom: 5, Messages: 10, Window: 4, Rate: 0);

        var result = await new RoomTrafficScenario("rooms", rooms, Settings(server)).RunAsync(TestContext.Current.CancellationToken);

        AssertClean(result);
        Assert.Equal(2 * 5 * 4 * 10, result.Expected); // two rooms, five senders, four listeners each
    }

    [Fact(Timeout = 30_000)]
    public async Task Direct_gets_every_message_to_the_answerer_and_every_echo_back()
    {
        await using var server = await InProcessServer.StartAsync();

        var result = await new DirectScenario(new DirectSettings(Pairs: 3, Messages: 40, Window: 4), Settings(server))
            .RunAsync(TestContext.Current.CancellationToken);

        AssertClean(result);
        Assert.Equal(3 * 40, result.Sent);
        Assert.Equal(2 * 3 * 40, result.Expected); // there and back
        Assert.Equal(3 * 40, result.Latency!.Count); // one round trip per message
    }

    [Fact(Timeout = 30_000)]
    public async Task Connect_registers_every_connection_and_reads_the_servers_memory()
    {
        await using var server = await InProcessServer.StartAsync();

        // The server runs in this process, so its pid is ours.
        var result = await new ConnectScenario(new ConnectSettings(Connections: 20, HoldSeconds: 0), Settings(server, Environment.ProcessId))
            .RunAsync(TestContext.Current.CancellationToken);

        AssertClean(result);
        Assert.Equal(20, result.Expected);
        Assert.Equal(20, result.Latency!.Count);
        Assert.NotNull(result.MemoryPerConnectionKb);
        Assert.NotNull(result.ServerUsage);
    }

    [Fact(Timeout = 30_000)]
    public async Task Joinstorm_sees_every_member_and_the_join_lines_add_up()
    {
        await using var server = await InProcessServer.StartAsync();

        var result = await new JoinStormScenario(10, Settings(server)).RunAsync(TestContext.Current.CancellationToken);

        AssertClean(result);
        Assert.Equal(10 * 11 / 2, result.Expected); // each member sees its own JOIN and those of everyone after it
        Assert.Equal(10, result.Latency!.Count);
    }
}
