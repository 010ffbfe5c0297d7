using Parley.Server.Hosting;
using Parley.Tests.Client.Support;
using Parley.Tests.Support;

namespace Parley.Tests.Client;

/// <summary>`parley client --tls` driven through pipes against a server with a TCP and a TLS endpoint.</summary>
[Collection(ClientProcessCollection.Name)]
public sealed class TlsClientTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    private string TlsAddress => $"127.0.0.1:{_server.Endpoints.Single(e => e.Scheme == ListenScheme.Tls).EndPoint.Port}";

    public async ValueTask InitializeAsync() => _server = await InProcessServer.StartAsync(o =>
    {
        o.Listen = ["127.0.0.1:0", "tls://127.0.0.1:0"];
        o.Operators = [new OperatorOptions { Name = "op", Password = "op-password" }];
    });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_insecure_TLS_client_chats_with_a_TCP_user_and_shows_the_server_fingerprint_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#lobby");
        using var bob = ClientProcess.Start("--tls", "--insecure", TlsAddress, "--nick", "bob");

        await bob.WaitForLineAsync("Connected to the chat server.");
        await bob.WaitForLineAsync("* You joined #lobby");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");
        await bob.SendAsync("hello alice, over TLS");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :hello alice, over TLS", StringComparison.Ordinal));
        await alice.SendAsync("PRIVMSG #lobby :hi bob, alice on plain TCP");
        await bob.WaitForLineAsync("<alice> hi bob, alice on plain TCP");

        await bob.SendAsync("exit");
        Assert.Equal(0, await bob.WaitForExitAsync());
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
        var warning = Assert.Single(bob.Errors);
        Assert.Equal($"parley: the server's certificate was not checked (--insecure); its SHA-256 fingerprint is {_server.TlsCertificate!.DisplayFingerprint}", warning);
    }

    [Fact]
    public async Task Without_insecure_a_self_signed_server_is_refused_with_the_reason_and_the_way_out()
    {
        using var client = ClientProcess.Start("--tls", TlsAddress, "--nick", "careful");
        Assert.Equal(1, await client.WaitForExitAsync());
        var error = Assert.Single(client.Errors);
        Assert.StartsWith($"parley: cannot connect to {TlsAddress} over TLS: its certificate is not trusted", error, StringComparison.Ordinal);
        Assert.Contains("--insecure", error, StringComparison.Ordinal);
        Assert.Empty(client.Output);
    }

    [Fact]
    public async Task A_client_certificate_given_with_cert_is_presented_and_shows_in_WHOIS_for_operators()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var files = new TempDirectory("parley-tls-client-");
        using var certificate = TestCertificates.Make("bob-client");
        await File.WriteAllTextAsync(files.File("bob.pem"), TestCertificates.CertificatePem(certificate) + "\n", cancel);
        await File.WriteAllTextAsync(files.File("bob.key"), TestCertificates.KeyPem(certificate) + "\n", cancel);
        await using var op = await LineClient.RegisterAsync(_server.Port(), "op", cancel);
        await op.SendAsync("OPER op op-password");
        await op.ExpectAsync(l => LineClient.Command(l) == "381");

        using var bob = ClientProcess.Start("--tls", "--insecure", "--cert", files.File("bob.pem"), "--key", files.File("bob.key"), TlsAddress, "--nick", "bob");
        await bob.WaitForLineAsync("* You joined #lobby");
        await op.SendAsync("WHOIS bob");
        var certfp = await op.ExpectAsync(l => LineClient.Command(l) is "276" or "318");
        Assert.EndsWith($" 276 op bob :has client certificate fingerprint {TestCertificates.Fingerprint(certificate)}", certfp, StringComparison.Ordinal);
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync());
    }

    [Theory]
    [InlineData("--insecure")]
    [InlineData("--tls --udp")]
    public async Task Options_that_do_not_fit_together_are_refused_before_connecting(string options)
    {
        using var client = ClientProcess.Start([.. options.Split(' '), TlsAddress]);
        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.StartsWith("parley: ", Assert.Single(client.Errors), StringComparison.Ordinal);
    }
}
