using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Tests.Support;

/// <summary>Certificates made on the spot for TLS tests, as an operator or a user might bring them.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed ECDSA P-256 certificate for <paramref name="name"/> with its private key.</summary>
    public static X509Certificate2 Make(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The certificate's PEM.</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>The private key's PEM (unencrypted PKCS#8).</summary>
    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>SHA-256 fingerprint in lower-case hex, as the server reports it.</summary>
    public static string Fingerprint(X509Certificate certificate) =>
        Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
}
