namespace Parley.Server.Hosting;

/// <summary>Settings of the TLS door (tls://HOST:PORT endpoints): the server's certificate and the handshake's bounds.</summary>
/// <remarks>With no <see cref="CertificateFile"/> the server makes a self-signed certificate in its data directory on
/// first use and keeps using it, so its fingerprint stays the same across restarts.</remarks>
public sealed class TlsOptions
{
    /// <summary>The certificate: a PEM file (the certificate first, then any intermediates; the key may follow in the
    /// same file) or a PKCS#12 file (.pfx/.p12). Empty for the self-made one.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>The PEM private key of <see cref="CertificateFile"/>, when it is not in that file.</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>The password of a PKCS#12 file, or of an encrypted PEM key; empty for none.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Seconds a new connection may take to finish the TLS handshake before it is dropped.</summary>
    public int HandshakeTimeoutSeconds { get; set; } = 10;

    /// <summary>Whether clients are asked for a certificate (never required; any is accepted): its fingerprint is what
    /// SASL EXTERNAL and WHOIS's certfp line use.</summary>
    public bool RequestClientCertificate { get; set; } = true;

    /// <summary>What is wrong with these settings, one line, or null when they can be used.</summary>
    public string? Validate() =>
        HandshakeTimeoutSeconds < 1 ? $"Tls:HandshakeTimeoutSeconds must be at least 1 (it is {HandshakeTimeoutSeconds})" : null;
}
