using System.Security.Cryptography;
using System.Text;
using Parley.Server.Accounts;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Accounts end to end over loopback TCP: an account registered with REGISTER outlives a restart of the
/// server, and logs in again with SASL PLAIN and SCRAM-SHA-256 before registration completes, the password being hashed
/// on the thread pool while the hub goes on.</summary>
public sealed class SaslOverTcpTests
{
    [Fact(Timeout = 60_000)]
    public async Task An_account_registered_over_tcp_logs_in_with_plain_and_scram_after_a_restart()
    {
        var cancel = TestContext.Current.CancellationToken;
        var data = InProcessServer.NewDataDirectory();
        void Configure(Parley.Server.Hosting.ServerOptions o)
        {
            o.DataDirectory = data;
            o.Accounts.HashIterations = 4096;
        }

        await using (var first = await InProcessServer.StartAsync(Configure))
        {
            await using var alice = await LineClient.RegisterAsync(first.Port(), "alice", cancel);
            await alice.SendAsync("REGISTER * * correct-horse");
            var success = await alice.ExpectAsync(l => LineClient.Command(l) is "REGISTER" or "FAIL");
            Assert.Contains("REGISTER SUCCESS alice", success);
        }

        await using var server = await InProcessServer.StartAsync(Configure);
        await using (var plain = await LineClient.ConnectAsync(server.Port(), "plain", cancel))
        {
            await plain.SendAsync("CAP LS 302", "CAP REQ :sasl", "NICK someone", "USER someone 0 * :Someone", "AUTHENTICATE PLAIN");
            await plain.ExpectAsync(l => l == "AUTHENTICATE +");
            // CAP END straight after the response: registration must wait for the password check.
            await plain.SendAsync("AUTHENTICATE " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0correct-horse")), "CAP END");
            var lines = await plain.ReadUntilAsync(l => LineClient.Command(l) == "001");
            Assert.Equal(["900", "903", "001"], lines.Select(LineClient.Command).Where(c => c is "900" or "903" or "001" or "904"));
        }

        await using var scram = await LineClient.ConnectAsync(server.Port(), "scram", cancel);
        await scram.SendAsync("CAP LS 302", "CAP REQ :sasl", "NICK alice", "USER alice 0 * :Alice", "AUTHENTICATE SCRAM-SHA-256");
        await scram.ExpectAsync(l => l == "AUTHENTICATE +");
        var clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var clientFirstBare = $"n=alice,r={clientNonce}";
        await scram.SendAsync("AUTHENTICATE " + Base64("n,," + clientFirstBare));
        var serverFirst = Decode(await scram.ExpectAsync(l => l.StartsWith("AUTHENTICATE ", StringComparison.Ordinal)));
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        Assert.StartsWith(clientNonce, fields["r"]);
        Assert.Equal("4096", fields["i"]);
        var salted = Rfc2898DeriveBytes.Pbkdf2("correct-horse"u8.ToArray(), Convert.FromBase64String(fields["s"]), 4096, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8.ToArray());
        var withoutProof = $"c=biws,r={fields["r"]}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        await scram.SendAsync("AUTHENTICATE " + Base64($"{withoutProof},p={Convert.ToBase64String(proof)}"));
        var serverFinal = Decode(await scram.ExpectAsync(l => l.StartsWith("AUTHENTICATE ", StringComparison.Ordinal)));
        var expected = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8.ToArray()), authMessage);
        Assert.Equal("v=" + Convert.ToBase64String(expected), serverFinal);
        await scram.SendAsync("AUTHENTICATE +", "CAP END");
        var rest = await scram.ReadUntilAsync(l => LineClient.Command(l) == "001");
        Assert.Contains(rest, l => LineClient.Command(l) == "903");
        // Logged in to the account its nick belongs to: NickServ has nothing to say.
        var after = await scram.ReadUntilAsync(l => LineClient.Command(l) is "376" or "422");
        Assert.DoesNotContain(after, l => l.StartsWith(":" + AccountService.ServiceMask, StringComparison.Ordinal));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Decode(string line) => Encoding.UTF8.GetString(Convert.FromBase64String(line["AUTHENTICATE ".Length..]));
}
