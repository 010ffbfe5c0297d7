using System.Globalization;
using Parley.Tests.Support;

namespace Parley.Tests.Tls;

/// <summary>The real executable with a TLS endpoint: what it prints, what it keeps in its data directory.</summary>
public sealed class TlsServerProcessTests
{
    private const string CertificateLine = "TLS certificate (";

    [Fact(Timeout = 90_000)]
    public async Task The_self_made_certificate_is_printed_presented_and_the_same_after_a_restart_on_the_same_data_directory()
    {
        var cancel = TestContext.Current.CancellationToken;
        var data = InProcessServer.NewDataDirectory();

        var (first, firstFingerprint) = await StartAsync(data, cancel);
        Assert.Contains("made now in " + Path.Combine(data, "tls-cert.pem"), first.Line, StringComparison.Ordinal);
        var (second, secondFingerprint) = await StartAsync(data, cancel);
        Assert.Contains("made by Parley in", second.Line, StringComparison.Ordinal);

        Assert.Equal(firstFingerprint, secondFingerprint);
        Assert.Equal(first.Presented, second.Presented);
        Assert.Equal(firstFingerprint.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant(), first.Presented);
    }

    /// <summary>Starts the server on a TLS port with <paramref name="data"/>, connects once, stops it; returns the printed
    /// certificate line, the fingerprint the client saw, and the printed fingerprint.</summary>
    private static async Task<((string Line, string Presented), string Fingerprint)> StartAsync(string data, CancellationToken cancel)
    {
        var (server, _) = await ParleyProcess.StartServerAsync(cancel, ["--listen", "tls://127.0.0.1:0", "--data", data]);
        await using (server)
        {
            var listening = await server.ExpectOutputAsync(l => l.StartsWith("Parley listening on tls://127.0.0.1:", StringComparison.Ordinal));
            var port = int.Parse(listening[(listening.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var line = await server.ExpectOutputAsync(l => l.StartsWith(CertificateLine, StringComparison.Ordinal));
            var printed = line[(line.LastIndexOf(' ') + 1)..];
            Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", printed);
            await using var client = await TlsLineClient.RegisterAsync(port, "checker", cancel);
            var presented = TestCertificates.Fingerprint(client.ServerCertificate);
            server.Terminate();
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            return ((line, presented), printed);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_certificate_file_is_a_one_line_error_and_exit_code_1()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var files = new TempDirectory("parley-tls-");
        await File.WriteAllTextAsync(files.File("bad.pem"), "nothing like a certificate\n", cancel);
        await using var server = ParleyProcess.Start(["server", "--listen", "tls://127.0.0.1:0", "--data", files.File("data")], cancel,
            environment: new Dictionary<string, string> { ["PARLEY__Tls__CertificateFile"] = files.File("bad.pem") });

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var error = Assert.Single(server.Stderr);
        Assert.StartsWith($"parley: TLS certificate {files.File("bad.pem")}: ", error, StringComparison.Ordinal);
    }
}
