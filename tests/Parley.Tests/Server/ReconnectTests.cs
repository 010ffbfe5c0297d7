using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>A client that hangs up and comes straight back gets its nick, even if its old connection's end has not
/// reached the hub yet.</summary>
public sealed class ReconnectTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_client_reconnecting_at_once_gets_its_nick_back()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            var old = await LineClient.RegisterAsync(server.Port(), "again", cancel);
            await old.DisposeAsync(); // a plain close, no QUIT

            await using var again = await LineClient.ConnectAsync(server.Port(), "again", cancel);
            await again.SendAsync("NICK again", "USER again 0 * :again");
            var answer = await again.ExpectAsync(l => LineClient.Command(l) is "001" or "433");
            Assert.True(LineClient.Command(answer) == "001", $"attempt {i}: {answer}");
            await again.SendAsync("QUIT");
            await again.ReadToEndAsync();
        }
    }
}
