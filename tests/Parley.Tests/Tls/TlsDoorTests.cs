using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Tls;

/// <summary>The TLS door over loopback: handshakes, protocol versions, certificates both ways, and the handshake's bound.</summary>
public sealed class TlsDoorTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A server with a plain TCP endpoint (first) and a TLS one (second).</summary>
    private static Task<ParleyServer> StartAsync(Action<ServerOptions>? configure = null) =>
        InProcessServer.StartAsync(o =>
        {
            o.Listen = ["127.0.0.1:0", "tls://127.0.0.1:0"];
            configure?.Invoke(o);
        });

    private static int TlsPort(ParleyServer server) => server.Endpoints.Single(e => e.Scheme == ListenScheme.Tls).EndPoint.Port;

    [Fact(Timeout = 30_000)]
    public async Task A_TLS_client_registers_with_the_self_made_certificate_and_chats_with_a_plain_TCP_user()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await StartAsync();
        Assert.NotNull(server.TlsCertificate);
        Assert.True(server.TlsCertificate.IsSelfMade);

        await using var secure = await TlsLineClient.RegisterAsync(TlsPort(server), "secure", cancel);
        Assert.Equal(server.TlsCertificate.Fingerprint, TestCertificates.Fingerprint(secure.ServerCertificate));
        Assert.True(secure.Protocol >= SslProtocols.Tls12, $"negotiated {secure.Protocol}");
        await using var plain = await LineClient.RegisterAsync(server.Port(), "plain", cancel);

        await secure.SendAsync("JOIN #lobby");
        await secure.ExpectAsync(l => LineClient.Command(l) == "366");
        await plain.JoinAsync("#lobby");
        await secure.ExpectAsync(l => l.StartsWith(":plain!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");

        await secure.SendAsync("PRIVMSG #lobby :hello over TLS");
        await plain.ExpectAsync(l => l.StartsWith(":secure!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :hello over TLS", StringComparison.Ordinal));
        await plain.SendAsync("PRIVMSG #lobby :hello in the clear");
        await secure.ExpectAsync(l => l.StartsWith(":plain!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :hello in the clear", StringComparison.Ordinal));

        await secure.SendAsync("QUIT :done");
        await secure.ExpectAsync(l => l.StartsWith("ERROR :Closing Link", StringComparison.Ordinal));
        await plain.ExpectAsync(l => l.StartsWith(":secure!", StringComparison.Ordinal) && LineClient.Command(l) == "QUIT");
    }

    [Fact(Timeout = 30_000)]
    public async Task TLS_1_1_is_refused_with_a_protocol_version_alert_while_the_same_hello_as_TLS_1_2_is_answered()
    {
        var cancel = TestContext.Current.CancellationToken;
        // Written by hand, so the test does not depend on the platform's TLS library still being willing to offer 1.1.
        await using var server = await StartAsync();

        var modern = await FirstRecordAsync(TlsPort(server), ClientHello.Build(0x0303));
        Assert.Equal(0x16, modern[0]); // handshake record...
        Assert.Equal(0x02, modern[5]); // ...starting with ServerHello

        var old = await FirstRecordAsync(TlsPort(server), ClientHello.Build(0x0302));
        Assert.Equal(0x15, old[0]); // alert record
        Assert.Equal(2, old[5]); // fatal
        Assert.Equal(70, old[6]); // protocol_version
    }

    private static async Task<byte[]> FirstRecordAsync(int port, byte[] hello)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        await socket.SendAsync(hello, SocketFlags.None, deadline.Token);
        var record = new byte[7];
        var read = 0;
        while (read < record.Length)
        {
            var n = await socket.ReceiveAsync(record.AsMemory(read), SocketFlags.None, deadline.Token);
            Assert.True(n > 0, $"the server closed after {read} bytes without a whole record");
            read += n;
        }
        return record;
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_certificate_fingerprint_is_shown_by_WHOIS_276_to_its_owner_and_not_to_others()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await StartAsync();
        using var certificate = TestCertificates.Make("alice-client");
        var fingerprint = TestCertificates.Fingerprint(certificate);

        await using var alice = await TlsLineClient.RegisterAsync(TlsPort(server), "alice", cancel, certificate);
        await alice.SendAsync("WHOIS alice");
        var certfp = await alice.ExpectAsync(l => LineClient.Command(l) is "276" or "318");
        Assert.EndsWith($" 276 alice alice :has client certificate fingerprint {fingerprint}", certfp, StringComparison.Ordinal);

        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
        await bob.SendAsync("WHOIS alice");
        var lines = await bob.ReadUntilAsync(l => LineClient.Command(l) == "318");
        Assert.Contains(lines, l => LineClient.Command(l) == "311");
        Assert.DoesNotContain(lines, l => LineClient.Command(l) == "276");

        // No certificate, no line.
        await using var carol = await TlsLineClient.RegisterAsync(TlsPort(server), "carol", cancel);
        await carol.SendAsync("WHOIS carol", "PING :done");
        Assert.Equal("318", LineClient.Command(await carol.ExpectAsync(l => LineClient.Command(l) is "276" or "318")));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_never_finishes_the_handshake_is_dropped_and_counted_until_then()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(o =>
        {
            o.Tls.HandshakeTimeoutSeconds = 1;
            o.Limits.MaxConnections = 1;
        });
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(new IPEndPoint(IPAddress.Loopback, TlsPort(server)), cancel);

        // While it holds the only place, another client is turned away (closed: no ERROR line in clear on a TLS port).
        var refusal = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await TlsLineClient.ConnectAsync(TlsPort(server), cancel);
        });
        Assert.True(refusal is IOException or AuthenticationException, refusal.ToString());

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        var started = DateTime.UtcNow;
        var read = await silent.ReceiveAsync(new byte[16], SocketFlags.None, deadline.Token);
        Assert.Equal(0, read);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "dropped by the handshake timeout, not by some later one");

        // The place is free again.
        await using var later = await RetryAsync(() => TlsLineClient.RegisterAsync(TlsPort(server), "later", cancel));
    }

    /// <summary>The door releases a connection's place just after closing it; a client may arrive a moment before.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (i < 20 && ex is IOException or AuthenticationException or TimeoutException)
            {
                await Task.Delay(100, Cancel);
            }
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("pem")]
    [InlineData("pem-with-key-file")]
    [InlineData("pfx")]
    public async Task A_configured_certificate_is_the_one_presented(string form)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var files = new TempDirectory("parley-tls-");
        using var own = TestCertificates.Make("own.example.org");
        var tls = new TlsOptions();
        switch (form)
        {
            case "pem":
                await File.WriteAllTextAsync(files.File("server.pem"), TestCertificates.CertificatePem(own) + "\n" + TestCertificates.KeyPem(own), cancel);
                tls.CertificateFile = files.File("server.pem");
                break;
            case "pem-with-key-file":
                await File.WriteAllTextAsync(files.File("cert.pem"), TestCertificates.CertificatePem(own), cancel);
                await File.WriteAllTextAsync(files.File("key.pem"), TestCertificates.KeyPem(own), cancel);
                tls.CertificateFile = files.File("cert.pem");
                tls.KeyFile = files.File("key.pem");
                break;
            default:
                await File.WriteAllBytesAsync(files.File("server.pfx"), own.Export(X509ContentType.Pfx, "pfx-password"), cancel);
                tls.CertificateFile = files.File("server.pfx");
                tls.Password = "pfx-password";
                break;
        }
        await using var server = await StartAsync(o => o.Tls = tls);

        await using var client = await TlsLineClient.RegisterAsync(TlsPort(server), "checker", cancel);
        Assert.Equal(TestCertificates.Fingerprint(own), TestCertificates.Fingerprint(client.ServerCertificate));
        Assert.False(server.TlsCertificate!.IsSelfMade);
    }

    [Fact]
    public async Task A_bad_certificate_file_stops_the_start_with_a_one_line_reason()
    {
        using var files = new TempDirectory("parley-tls-");
        await File.WriteAllTextAsync(files.File("bad.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n", Cancel);

        var error = await Assert.ThrowsAsync<ServerStartException>(() => StartAsync(o => o.Tls.CertificateFile = files.File("bad.pem")));
        Assert.StartsWith($"TLS certificate {files.File("bad.pem")}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_server_without_a_TLS_endpoint_makes_no_certificate()
    {
        var data = InProcessServer.NewDataDirectory();
        await using (var server = await InProcessServer.StartAsync(o => o.DataDirectory = data))
        {
            Assert.Null(server.TlsCertificate);
        }
        Assert.False(File.Exists(Path.Combine(data, "tls-cert.pem")));
    }
}
