using Parley.Tests.Support;

namespace Parley.Tests.Irssi;

/// <summary>irssi, the Debian package, against the server: driven by keys in tmux and checked from both sides.</summary>
public sealed class IrssiTests
{
    [Fact(Timeout = 30_000)]
    public async Task Irssi_joins_the_lobby_and_exchanges_messages_with_a_raw_client()
    {
        var cancel = TestContext.Current.CancellationToken;
        RequiredPrograms.Check("irssi", "tmux");
        await using var server = await InProcessServer.StartAsync();
        await using var watcher = await LineClient.RegisterAsync(server.Port(), "watcher", cancel);
        await watcher.JoinAsync("#lobby");

        // A home of its own with a minimal config: no networks or servers but the one on the command line.
        using var home = new TempDirectory("parley-irssi-");
        await File.WriteAllTextAsync(home.File("config"), """
            settings = {
              core = { real_name = "Parley Tester"; user_name = "tester"; nick = "irssiuser"; };
              "fe-common/core" = { autolog = "no"; };
            };
            """, cancel);
        await using var irssi = await TmuxSession.StartAsync(
            $"irssi --home={home.Path} -n irssiuser -c 127.0.0.1 -p {server.Port()}", cancel);
        await irssi.WaitForPaneAsync(s => s.Contains("End of /MOTD", StringComparison.Ordinal), "the end of the MOTD (registered)", TimeSpan.FromSeconds(20));

        await irssi.TypeLineAsync("/join #lobby");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");
        await irssi.WaitForPaneAsync(s => s.Contains("[#lobby]", StringComparison.Ordinal), "the #lobby window");

        await irssi.TypeLineAsync("hello from irssi");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && l.EndsWith(" PRIVMSG #lobby :hello from irssi", StringComparison.Ordinal));

        await watcher.SendAsync("PRIVMSG #lobby :hello from a raw socket");
        await irssi.WaitForPaneAsync(s => s.Split('\n').Any(l => l.Contains("watcher>", StringComparison.Ordinal) && l.Contains("hello from a raw socket", StringComparison.Ordinal)),
            "the raw client's message");

        await irssi.TypeLineAsync("/quit see you");
        var quit = await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
        Assert.EndsWith("see you", quit, StringComparison.Ordinal);
    }

    [Fact(Timeout = 45_000)]
    public async Task Irssi_connects_over_TLS_pinning_the_printed_fingerprint_and_chats_with_a_plain_TCP_client()
    {
        var cancel = TestContext.Current.CancellationToken;
        RequiredPrograms.Check("irssi", "tmux");
        await using var server = await InProcessServer.StartAsync(o => o.Listen = ["127.0.0.1:0", "tls://127.0.0.1:0"]);
        var tlsPort = server.Endpoints.Single(e => e.Scheme == Parley.Server.Hosting.ListenScheme.Tls).EndPoint.Port;
        await using var watcher = await LineClient.RegisterAsync(server.Port(), "watcher", cancel);
        await watcher.JoinAsync("#lobby");

        using var home = new TempDirectory("parley-irssi-");
        await File.WriteAllTextAsync(home.File("config"), """
            settings = {
              core = { real_name = "Parley Tester"; user_name = "tester"; nick = "irssiuser"; };
              "fe-common/core" = { autolog = "no"; };
            };
            """, cancel);
        // irssi's own client certificate (certificate and key in one PEM file), which the server's WHOIS must name.
        using var certificate = TestCertificates.Make("irssi-client");
        await File.WriteAllTextAsync(home.File("client.pem"),
            TestCertificates.CertificatePem(certificate) + "\n" + TestCertificates.KeyPem(certificate) + "\n", cancel);
        await using var irssi = await TmuxSession.StartAsync($"irssi --home={home.Path} -n irssiuser", cancel);
        await irssi.WaitForPaneAsync(s => s.Contains("[(status)]", StringComparison.Ordinal), "irssi's status window", TimeSpan.FromSeconds(20));

        // Pinning the fingerprint the server printed is how a user trusts a self-signed certificate: irssi refuses any other.
        await irssi.TypeLineAsync(
            $"/connect -tls -tls_pinned_cert {server.TlsCertificate!.DisplayFingerprint} -tls_cert {home.File("client.pem")} 127.0.0.1 {tlsPort}");
        await irssi.WaitForPaneAsync(s => s.Contains("End of /MOTD", StringComparison.Ordinal), "the end of the MOTD (registered over TLS)", TimeSpan.FromSeconds(20));

        await irssi.TypeLineAsync("/join #lobby");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");
        await irssi.WaitForPaneAsync(s => s.Contains("[#lobby]", StringComparison.Ordinal), "the #lobby window");
        await irssi.TypeLineAsync("hello from irssi over TLS");
        await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && l.EndsWith(" PRIVMSG #lobby :hello from irssi over TLS", StringComparison.Ordinal));
        await watcher.SendAsync("PRIVMSG #lobby :hello from a plain socket");
        await irssi.WaitForPaneAsync(s => s.Split('\n').Any(l => l.Contains("watcher>", StringComparison.Ordinal) && l.Contains("hello from a plain socket", StringComparison.Ordinal)),
            "the plain client's message");

        await irssi.TypeLineAsync("/whois irssiuser");
        await irssi.TypeLineAsync("/window 1"); // WHOIS replies land in the status window
        await irssi.WaitForPaneAsync(s => s.Contains($"has client certificate fingerprint {TestCertificates.Fingerprint(certificate)}", StringComparison.Ordinal),
            "WHOIS naming irssi's client certificate");

        await irssi.TypeLineAsync("/quit secure goodbye");
        var quit = await watcher.ExpectAsync(l => l.StartsWith(":irssiuser!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
        Assert.EndsWith("secure goodbye", quit, StringComparison.Ordinal);
    }
}
