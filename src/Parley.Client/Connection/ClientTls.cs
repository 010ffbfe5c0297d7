using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Client.Connection;

/// <summary>How `parley client --tls` secures its connection: the server's certificate checked as usual (a trusted
/// authority, the right name), or taken as it is with <see cref="Insecure"/> (a self-signed server, whose fingerprint
/// the user compares with the one the server printed); optionally a client certificate (for SASL EXTERNAL).</summary>
public sealed record ClientTls
{
    /// <summary>The conventional port of IRC over TLS (RFC 7194), used when --tls is given without a port.</summary>
    public const int DefaultPort = 6697;

    /// <summary>Whether any server certificate is accepted (self-signed, another name, expired).</summary>
    public bool Insecure { get; init; }

    /// <summary>A PEM file with the client's certificate (and its key, unless <see cref="KeyFile"/> is given); null for none.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>, when it is in a file of its own.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Loads the client certificate, if one is configured; throws <see cref="ConnectFailedException"/> with a
    /// one-line reason when it cannot be used.</summary>
    public X509Certificate2? LoadClientCertificate()
    {
        if (CertificateFile is null)
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConnectFailedException($"cannot use client certificate {CertificateFile}: {ex.Message.ReplaceLineEndings(" ").Trim()}", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ConnectFailedException($"cannot use client certificate {CertificateFile}: no private key in it (give one with --key)");
        }
        return certificate;
    }

    /// <summary>Runs the TLS handshake over <paramref name="inner"/> with the server at <paramref name="host"/>; returns the
    /// secured stream and the server certificate's SHA-256 fingerprint (colon-separated upper-case hex).</summary>
    public async Task<(SslStream Stream, string Fingerprint)> AuthenticateAsync(Stream inner, ServerAddress server, CancellationToken cancel)
    {
        var clientCertificate = LoadClientCertificate();
        var refusal = SslPolicyErrors.None;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
            {
                refusal = errors;
                return Insecure || errors == SslPolicyErrors.None;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancel);
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync();
            throw new ConnectFailedException(refusal != SslPolicyErrors.None && !Insecure
                ? $"cannot connect to {server} over TLS: its certificate is not trusted ({Explain(refusal)}); if it is self-signed, connect with --insecure and compare the fingerprint shown with the one the server printed at start-up"
                : $"cannot connect to {server} over TLS: the handshake failed ({ex.Message.ReplaceLineEndings(" ").Trim()}); is it a TLS port?", ex);
        }
        catch (Exception ex) when (ex is IOException)
        {
            await ssl.DisposeAsync();
            throw new ConnectFailedException($"cannot connect to {server} over TLS: the server closed the connection during the handshake (is it a TLS port?)", ex);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
        var fingerprint = Convert.ToHexString(ssl.RemoteCertificate!.GetCertHash(HashAlgorithmName.SHA256));
        return (ssl, string.Join(':', fingerprint.Chunk(2).Select(pair => new string(pair))));
    }

    private static string Explain(SslPolicyErrors errors)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            reasons.Add("not signed by an authority this machine trusts: self-signed?");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("issued for another name");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("none was presented");
        }
        return string.Join("; ", reasons);
    }
}
