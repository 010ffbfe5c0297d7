using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>A client that sends everything at once and then shuts its sending side (a script, `nc -N`) is served in full
/// before the server hangs up.</summary>
public sealed class HalfCloseTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_client_that_half_closes_after_its_commands_gets_every_reply_and_its_message_is_delivered()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var member = await LineClient.RegisterAsync(server.Port(), "member", cancel);
        await member.JoinAsync("#lobby");
        await using var script = await LineClient.ConnectAsync(server.Port(), "script", cancel);

        await script.SendAsync("NICK script", "USER script 0 * :script", "JOIN #lobby", "PRIVMSG #lobby :one shot", "PING :last");
        script.HalfClose();

        var replies = await script.ReadToEndAsync();
        Assert.Contains(replies, l => LineClient.Command(l) == "001");
        Assert.Contains(replies, l => LineClient.Command(l) == "366");
        Assert.Contains(replies, l => LineClient.Command(l) == "PONG" && l.EndsWith("last", StringComparison.Ordinal));
        Assert.True(script.Unterminated.Length == 0, "the last reply was cut short");
        await member.ExpectAsync(l => l.StartsWith(":script!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :one shot", StringComparison.Ordinal));
        await member.ExpectAsync(l => l.StartsWith(":script!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
    }
}
