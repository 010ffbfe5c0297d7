using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>The receive queue bound stops reading a client while the hub has its input, and starts again when the hub
/// catches up: nothing is lost and nobody is cut off for it.</summary>
public sealed class RecvQueueTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_client_sending_far_more_than_the_receive_queue_at_once_is_served_whole()
    {
        var cancel = TestContext.Current.CancellationToken;
        // Tiny, so the reader waits for the hub (and is woken by it) hundreds of times.
        await using var server = await InProcessServer.StartAsync(o => o.Limits.RecvQueueBytes = 1024);
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);

        const int count = 20_000;
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append($"PING n{i}\r\n");
        }
        await alice.SendRawAsync(Encoding.ASCII.GetBytes(text.ToString()));

        var lines = await alice.ReadUntilAsync(l => l.EndsWith($" n{count - 1}", StringComparison.Ordinal), TimeSpan.FromSeconds(45));
        Assert.Equal(count, lines.Count(l => LineClient.Command(l) == "PONG"));
        await bob.SyncAsync();
    }
}
