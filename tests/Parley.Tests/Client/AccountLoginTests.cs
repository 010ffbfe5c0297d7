using Parley.Server.Hosting;
using Parley.Tests.Client.Support;
using Parley.Tests.Support;

namespace Parley.Tests.Client;

/// <summary>`parley client --account` against a real server: the password from PARLEY_PASSWORD logs in with SASL
/// before the welcome, so others see the account; a wrong one is reported and the chat goes on without it.</summary>
[Collection(ClientProcessCollection.Name)]
public sealed class AccountLoginTests
{
    [Fact(Timeout = 60_000)]
    public async Task The_client_logs_in_to_its_account_with_the_password_from_the_environment()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o => o.Accounts.HashIterations = 4096);
        var address = $"127.0.0.1:{server.Port()}";
        await using (var registrar = await LineClient.RegisterAsync(server.Port(), "alice", cancel))
        {
            await registrar.SendAsync("REGISTER * * correct-horse-battery");
            Assert.Contains("REGISTER SUCCESS alice", await registrar.ExpectAsync(l => LineClient.Command(l) is "REGISTER" or "FAIL"));
        }

        await using var watcher = await LineClient.RegisterAsync(server.Port(), "watcher", cancel);
        using (var alice = ClientProcess.Start(new Dictionary<string, string> { ["PARLEY_PASSWORD"] = "correct-horse-battery" }, address, "--account", "alice"))
        {
            await alice.WaitForLineAsync("Logged in as alice.");
            await alice.WaitForLineAsync("* You joined #lobby");
            await watcher.SendAsync("WHOIS alice");
            var whois = await watcher.ReadUntilAsync(l => LineClient.Command(l) == "318");
            Assert.Contains(whois, l => LineClient.Command(l) == "330" && l.Contains(" alice alice :", StringComparison.Ordinal));
            alice.CloseInput();
            Assert.Equal(0, await alice.WaitForExitAsync());
            Assert.Empty(alice.Errors);
        }

        using var wrong = ClientProcess.Start(new Dictionary<string, string> { ["PARLEY_PASSWORD"] = "not-the-password" }, address, "--account", "alice", "--nick", "alice2");
        await wrong.WaitForAsync(l => l.StartsWith("Error: could not log in as alice:", StringComparison.Ordinal), "the refused login");
        await wrong.WaitForLineAsync("* You joined #lobby");
        await watcher.SendAsync("WHOIS alice2");
        var after = await watcher.ReadUntilAsync(l => LineClient.Command(l) == "318");
        Assert.DoesNotContain(after, l => LineClient.Command(l) == "330");
        wrong.CloseInput();
        Assert.Equal(0, await wrong.WaitForExitAsync());
    }

    [Fact]
    public async Task Without_a_password_or_a_terminal_the_client_refuses_to_start()
    {
        using var client = ClientProcess.Start(new Dictionary<string, string> { ["PARLEY_PASSWORD"] = "" }, "127.0.0.1:1", "--account", "alice");
        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.Contains(client.Errors, l => l.Contains("PARLEY_PASSWORD", StringComparison.Ordinal));
    }
}
