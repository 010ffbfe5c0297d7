using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Lines longer than IRC allows are answered with 417 and do not cost the client its connection.</summary>
public sealed class LineLimitTests
{
    [Theory(Timeout = 20_000)]
    [InlineData(600)] // over the 512-byte body limit: parsed, then refused
    [InlineData(20_000)] // over the framer's limit for tags and body together: skipped to its line ending
    public async Task An_overlong_line_gets_417_and_the_connection_stays_usable(int length)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
        await alice.JoinAsync("#lobby");
        await bob.JoinAsync("#lobby");

        await alice.SendAsync("PRIVMSG #lobby :" + new string('a', length));

        var answer = await alice.ExpectAsync(l => LineClient.Command(l) is "417" or "PONG" or "ERROR");
        Assert.Equal("417", LineClient.Command(answer));
        await alice.SendAsync("PRIVMSG #lobby :still here");
        await bob.ExpectAsync(l => l.StartsWith(":alice!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :still here", StringComparison.Ordinal));
        var seenByBob = await bob.SyncAsync();
        Assert.DoesNotContain(seenByBob, l => l.Contains("aaaa", StringComparison.Ordinal));
    }
}
