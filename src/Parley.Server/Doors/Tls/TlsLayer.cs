using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Parley.Server.Doors.Tcp;
using Parley.Server.Hosting;

namespace Parley.Server.Doors.Tls;

/// <summary>What makes a TCP door a TLS door: the server's certificate and the handshake's rules (TLS 1.2 and 1.3
/// only, a bounded handshake, a client certificate asked for but never required), shared by every connection.</summary>
public sealed class TlsLayer
{
    private readonly SslServerAuthenticationOptions _authentication;

    /// <summary>Prepares handshakes with <paramref name="certificate"/> under <paramref name="options"/>.</summary>
    public TlsLayer(ServerCertificate certificate, TlsOptions options)
    {
        Certificate = certificate;
        HandshakeTimeout = TimeSpan.FromSeconds(options.HandshakeTimeoutSeconds);
        _authentication = new SslServerAuthenticationOptions
        {
            // Built once: the chain is resolved here, not in every handshake.
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate.Certificate, certificate.Intermediates, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // .NET's "required" is what makes the server ask (on OpenSSL there is no asking without it); the callback
            // below then accepts any certificate, or none: the certificate identifies (SASL EXTERNAL, WHOIS certfp), it
            // does not authorize by a chain to some authority.
            ClientCertificateRequired = options.RequestClientCertificate,
#pragma warning disable CA5359 // this validates the *client's* certificate, which is accepted on purpose (see above)
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
        };
    }

    /// <summary>The certificate presented.</summary>
    public ServerCertificate Certificate { get; }

    /// <summary>How long a client may take to finish the handshake.</summary>
    public TimeSpan HandshakeTimeout { get; }

    /// <summary>The TLS wire for one accepted socket; the handshake runs when the connection opens it.</summary>
    internal IConnectionWire Wrap(Socket socket) => new TlsWire(socket, _authentication, HandshakeTimeout);
}
