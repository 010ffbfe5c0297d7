using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Doors.Tls;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Server.Tests.Doors.Tls;

public sealed class ServerCertificateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-tlscert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private DataDirectory? _data;

    /// <summary>The test's data directory (opened once: a directory without its database may not be opened again).</summary>
    private DataDirectory Data() => _data ??= DataDirectory.Open(Path.Combine(_root, "data"));

    private string PathOf(string name) => Path.Combine(_root, name);

    /// <summary>A self-signed certificate with its ECDSA key, as an operator might bring one.</summary>
    private static X509Certificate2 MakeCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    private static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    [Fact]
    public void Without_a_configured_file_a_certificate_is_made_once_in_the_data_directory_and_reused()
    {
        using var first = ServerCertificate.Load(new TlsOptions(), Data(), "chat.example.org");
        Assert.True(first.IsSelfMade);
        Assert.True(first.WasCreated);
        Assert.True(first.Certificate.HasPrivateKey);
        Assert.Equal(Path.Combine(_root, "data", ServerCertificate.SelfMadeCertificateFile), first.Source);

        using var second = ServerCertificate.Load(new TlsOptions(), Data(), "chat.example.org");
        Assert.False(second.WasCreated);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", second.Fingerprint);
    }

    [Fact]
    public void The_made_certificate_names_the_server_localhost_and_the_loopback_addresses_and_lasts_for_years()
    {
        using var made = ServerCertificate.Load(new TlsOptions(), Data(), "chat.example.org");
        var names = made.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["chat.example.org", "localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal("chat.example.org", made.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(made.Certificate.NotAfter > DateTime.Now.AddYears(10));
        Assert.True(made.Certificate.NotBefore < DateTime.Now);
    }

    [Fact]
    public void The_made_private_key_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        using var made = ServerCertificate.Load(new TlsOptions(), Data(), "parley.local");
        var mode = File.GetUnixFileMode(Path.Combine(_root, "data", ServerCertificate.SelfMadeKeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void A_made_certificate_whose_key_was_lost_is_a_clear_error_rather_than_a_silent_new_identity()
    {
        var data = Data();
        ServerCertificate.Load(new TlsOptions(), data, "parley.local").Dispose();
        File.Delete(data.File(ServerCertificate.SelfMadeKeyFile));

        var error = Assert.Throws<ServerStartException>(() => ServerCertificate.Load(new TlsOptions(), Data(), "parley.local"));
        Assert.Contains(ServerCertificate.SelfMadeKeyFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("delete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PEM_certificate_with_its_key_in_a_separate_file_is_used_as_given()
    {
        using var own = MakeCertificate("own.example.org");
        File.WriteAllText(PathOf("cert.pem"), own.ExportCertificatePem());
        File.WriteAllText(PathOf("key.pem"), KeyPem(own));

        using var loaded = ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("cert.pem"), KeyFile = PathOf("key.pem") }, Data(), "x");
        Assert.False(loaded.IsSelfMade);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(ServerCertificate.FingerprintOf(own), loaded.Fingerprint);
        Assert.False(File.Exists(Path.Combine(_root, "data", ServerCertificate.SelfMadeCertificateFile)));
    }

    [Fact]
    public void A_PEM_file_holding_the_certificate_its_chain_and_its_key_is_read_whole()
    {
        using var own = MakeCertificate("own.example.org");
        using var intermediate = MakeCertificate("intermediate.example.org");
        File.WriteAllText(PathOf("full.pem"), own.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n" + KeyPem(own));

        using var loaded = ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("full.pem") }, Data(), "x");
        Assert.Equal(ServerCertificate.FingerprintOf(own), loaded.Fingerprint);
        Assert.Equal([ServerCertificate.FingerprintOf(intermediate)], loaded.Intermediates.Select(c => ServerCertificate.FingerprintOf(c)));
    }

    [Fact]
    public void A_password_protected_PFX_file_is_used_as_given()
    {
        using var own = MakeCertificate("pfx.example.org");
        File.WriteAllBytes(PathOf("server.pfx"), own.Export(X509ContentType.Pfx, "s3cret"));

        using var loaded = ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("server.pfx"), Password = "s3cret" }, Data(), "x");
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(ServerCertificate.FingerprintOf(own), loaded.Fingerprint);
    }

    [Fact]
    public void A_PFX_file_with_the_wrong_password_is_a_one_line_start_up_error()
    {
        using var own = MakeCertificate("pfx.example.org");
        File.WriteAllBytes(PathOf("server.pfx"), own.Export(X509ContentType.Pfx, "s3cret"));

        var error = Assert.Throws<ServerStartException>(() =>
            ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("server.pfx"), Password = "wrong" }, Data(), "x"));
        Assert.StartsWith($"TLS certificate {PathOf("server.pfx")}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("garbage", "this is not a certificate\n")]
    [InlineData("broken-pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void A_file_that_is_no_certificate_is_a_one_line_start_up_error(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        var error = Assert.Throws<ServerStartException>(() => ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf(name) }, Data(), "x"));
        Assert.StartsWith($"TLS certificate {PathOf(name)}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_file_or_a_certificate_without_its_key_is_a_start_up_error_that_says_which()
    {
        var missing = Assert.Throws<ServerStartException>(() => ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("nope.pem") }, Data(), "x"));
        Assert.Equal($"TLS certificate {PathOf("nope.pem")}: no such file", missing.Message);

        using var own = MakeCertificate("own.example.org");
        File.WriteAllText(PathOf("cert.pem"), own.ExportCertificatePem());
        var keyless = Assert.Throws<ServerStartException>(() => ServerCertificate.Load(new TlsOptions { CertificateFile = PathOf("cert.pem") }, Data(), "x"));
        Assert.Equal($"TLS certificate {PathOf("cert.pem")}: holds no private key (give it in the same file or with Tls:KeyFile)", keyless.Message);
    }

    [Fact]
    public void Fingerprints_show_as_colon_separated_upper_case_pairs()
    {
        Assert.Equal("AB:01:FF", ServerCertificate.FormatForDisplay("ab01ff"));
    }
}
