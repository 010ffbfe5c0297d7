using Parley.Server.Accounts;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Tls;

/// <summary>SASL EXTERNAL end to end over real TLS: the certificate a client presented in the handshake is added to its
/// account with NickServ CERT ADD, and presenting it again logs in without a password; another certificate does not.</summary>
public sealed class SaslExternalOverTlsTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_certificate_added_with_CERT_ADD_logs_in_by_SASL_EXTERNAL_and_another_certificate_is_refused()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync(o =>
        {
            o.Listen = ["127.0.0.1:0", "tls://127.0.0.1:0"];
            o.Accounts.HashIterations = 4096;
        });
        var port = server.Endpoints.Single(e => e.Scheme == ListenScheme.Tls).EndPoint.Port;
        using var mine = TestCertificates.Make("alice's laptop");
        using var someoneElses = TestCertificates.Make("mallory");

        // Register over TLS with the certificate, and put it on the account.
        await using (var first = await TlsLineClient.RegisterAsync(port, "alice", cancel, mine))
        {
            await first.SendAsync("PRIVMSG NickServ :REGISTER correct-horse-battery");
            await first.ExpectAsync(l => l.StartsWith(":" + AccountService.ServiceMask, StringComparison.Ordinal) && LineClient.Command(l) == "NOTICE" && l.Contains("registered;", StringComparison.Ordinal));
            await first.SendAsync("PRIVMSG NickServ :CERT ADD");
            var added = await first.ExpectAsync(l => l.StartsWith(":" + AccountService.ServiceMask, StringComparison.Ordinal) && l.Contains("certificate", StringComparison.Ordinal));
            Assert.Contains("Added " + TestCertificates.Fingerprint(mine), added);
            await first.SendAsync("QUIT :bye");
            await first.ExpectAsync(l => l.StartsWith("ERROR", StringComparison.Ordinal));
        }

        // Reconnect with the same certificate: EXTERNAL logs in before registration completes.
        await using (var again = await TlsLineClient.ConnectAsync(port, cancel, mine))
        {
            await again.SendAsync("CAP LS 302", "CAP REQ :sasl", "NICK alice", "USER alice 0 * :Alice");
            await again.ExpectAsync(l => LineClient.Command(l) == "CAP" && l.Contains(" ACK ", StringComparison.Ordinal));
            await again.SendAsync("AUTHENTICATE EXTERNAL");
            await again.ExpectAsync(l => l == "AUTHENTICATE +");
            await again.SendAsync("AUTHENTICATE +");
            var loggedIn = await again.ExpectAsync(l => LineClient.Command(l) is "900" or "904");
            Assert.Equal("900", LineClient.Command(loggedIn));
            Assert.Contains(" alice ", loggedIn);
            await again.ExpectAsync(l => LineClient.Command(l) == "903");
            await again.SendAsync("CAP END");
            await again.ExpectAsync(l => LineClient.Command(l) == "001");
            await again.ExpectAsync(l => LineClient.Command(l) is "376" or "422");

            await again.SendAsync("WHOIS alice");
            var whois = new List<string>();
            while (whois.LastOrDefault() is not { } last || LineClient.Command(last) != "318")
            {
                whois.Add(await again.ExpectAsync(l => LineClient.Command(l) is "311" or "276" or "330" or "318"));
            }
            Assert.Contains(whois, l => LineClient.Command(l) == "330" && l.Contains(" alice alice :", StringComparison.Ordinal));
            Assert.Contains(whois, l => LineClient.Command(l) == "276" && l.Contains(TestCertificates.Fingerprint(mine), StringComparison.Ordinal));
        }

        // Another certificate is on no account: 904, and the connection is not logged in.
        await using var other = await TlsLineClient.ConnectAsync(port, cancel, someoneElses);
        await other.SendAsync("CAP LS 302", "CAP REQ :sasl", "NICK mallory", "USER mallory 0 * :Mallory", "AUTHENTICATE EXTERNAL");
        await other.ExpectAsync(l => l == "AUTHENTICATE +");
        await other.SendAsync("AUTHENTICATE +");
        var refused = await other.ExpectAsync(l => LineClient.Command(l) is "900" or "903" or "904");
        Assert.Equal("904", LineClient.Command(refused));
        // Asking for alice's account by name with the wrong certificate is refused too.
        await other.SendAsync("AUTHENTICATE EXTERNAL");
        await other.ExpectAsync(l => l == "AUTHENTICATE +");
        await other.SendAsync("AUTHENTICATE " + Convert.ToBase64String("alice"u8.ToArray()));
        refused = await other.ExpectAsync(l => LineClient.Command(l) is "900" or "903" or "904");
        Assert.Equal("904", LineClient.Command(refused));
        await other.SendAsync("CAP END");
        await other.ExpectAsync(l => LineClient.Command(l) == "001");
        await other.SendAsync("WHOIS mallory");
        var end = new List<string>();
        while (end.LastOrDefault() is not { } last || LineClient.Command(last) != "318")
        {
            end.Add(await other.ExpectAsync(l => LineClient.Command(l) is "311" or "330" or "318"));
        }
        Assert.DoesNotContain(end, l => LineClient.Command(l) == "330");
    }
}
