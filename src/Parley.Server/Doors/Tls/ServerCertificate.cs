using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Server.Doors.Tls;

/// <summary>The certificate the TLS door presents: the operator's own (PEM or PKCS#12, from <see cref="TlsOptions"/>), or
/// one the server made for itself in its data directory on first use and reuses afterwards.</summary>
/// <remarks>Reusing the self-made certificate matters: clients that pinned its fingerprint (irssi's tls_pinned_cert, a
/// user who compared it once) keep trusting the server across restarts.</remarks>
public sealed class ServerCertificate : IDisposable
{
    /// <summary>The self-made certificate's file name in the data directory.</summary>
    public const string SelfMadeCertificateFile = "tls-cert.pem";

    /// <summary>The self-made certificate's private key file name in the data directory (readable by its owner only).</summary>
    public const string SelfMadeKeyFile = "tls-key.pem";

    /// <summary>How long a self-made certificate is valid: long, because nobody renews it by hand and an expired one
    /// would lock out every client that checks dates.</summary>
    internal static readonly TimeSpan SelfMadeValidity = TimeSpan.FromDays(365 * 20);

    private ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates, string source, bool selfMade, bool created)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Source = source;
        IsSelfMade = selfMade;
        WasCreated = created;
        Fingerprint = FingerprintOf(certificate);
    }

    /// <summary>The certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The rest of the chain given with it (a PEM "fullchain" file's intermediates), sent to clients.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The file it came from.</summary>
    public string Source { get; }

    /// <summary>Whether the server made it itself (self-signed).</summary>
    public bool IsSelfMade { get; }

    /// <summary>Whether it was made by this start (the first use of the data directory for TLS).</summary>
    public bool WasCreated { get; }

    /// <summary>The SHA-256 fingerprint in lower-case hex without colons.</summary>
    public string Fingerprint { get; }

    /// <summary>The fingerprint as <c>openssl x509 -fingerprint -sha256</c> and most clients show it: AB:CD:...</summary>
    public string DisplayFingerprint => FormatForDisplay(Fingerprint);

    /// <summary>One line for the console at start-up: where the certificate is and its fingerprint, which users of a
    /// self-signed one compare with what their client shows.</summary>
    public string Describe()
    {
        var what = IsSelfMade
            ? $"self-signed, {(WasCreated ? "made now" : "made by Parley")} in {Source}"
            : $"{Certificate.GetNameInfo(X509NameType.SimpleName, false)} from {Source}, valid until {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";
        return $"TLS certificate ({what}) SHA-256 fingerprint {DisplayFingerprint}";
    }

    /// <summary>The SHA-256 fingerprint of a certificate in lower-case hex without colons (what WHOIS 276 and SASL
    /// EXTERNAL compare).</summary>
    public static string FingerprintOf(X509Certificate certificate) =>
        Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>A lower-hex fingerprint as colon-separated upper-case pairs.</summary>
    public static string FormatForDisplay(string fingerprint) =>
        string.Join(':', Enumerable.Range(0, fingerprint.Length / 2).Select(i => fingerprint.Substring(i * 2, 2).ToUpperInvariant()));

    /// <summary>Loads the certificate <paramref name="options"/> name, or the self-made one in <paramref name="directory"/>
    /// (made now if it is not there yet). Throws <see cref="ServerStartException"/> with a one-line reason when a file
    /// cannot be used.</summary>
    public static ServerCertificate Load(TlsOptions options, DataDirectory directory, string serverName, TimeProvider? time = null)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificateFile))
        {
            var path = Path.GetFullPath(options.CertificateFile);
            return Guard(path, () => LoadGiven(path, options));
        }
        var certificatePath = directory.File(SelfMadeCertificateFile);
        var keyPath = directory.File(SelfMadeKeyFile);
        var haveCertificate = File.Exists(certificatePath);
        var haveKey = File.Exists(keyPath);
        if (haveCertificate != haveKey)
        {
            var (present, missing) = haveCertificate ? (certificatePath, keyPath) : (keyPath, certificatePath);
            throw new ServerStartException(
                $"TLS certificate: {present} is there but {missing} is not; restore it, or delete {present} to have a new certificate made");
        }
        if (haveCertificate)
        {
            return Guard(certificatePath, () => FromPem(certificatePath, keyPath, password: null, selfMade: true, created: false));
        }
        return Guard(certificatePath, () => Create(certificatePath, keyPath, serverName, time ?? TimeProvider.System));
    }

    /// <summary>Turns whatever a bad file throws into the one-line start-up error.</summary>
    private static ServerCertificate Guard(string path, Func<ServerCertificate> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            throw new ServerStartException($"TLS certificate {path}: {ex.Message.ReplaceLineEndings(" ").Trim()}");
        }
    }

    private static ServerCertificate LoadGiven(string path, TlsOptions options)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("no such file");
        }
        var password = string.IsNullOrEmpty(options.Password) ? null : options.Password;
        var keyPath = string.IsNullOrWhiteSpace(options.KeyFile) ? null : Path.GetFullPath(options.KeyFile);
        if (LooksLikePem(path))
        {
            return FromPem(path, keyPath, password, selfMade: false, created: false);
        }
        if (keyPath is not null)
        {
            throw new InvalidDataException("is not a PEM file, and Tls:KeyFile goes with a PEM certificate only");
        }
        // PKCS#12: the entry with the private key is the server's; the others are its chain.
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new InvalidDataException("holds no certificate with a private key");
        var chain = new X509Certificate2Collection();
        foreach (var other in all.Where(c => !ReferenceEquals(c, leaf)))
        {
            chain.Add(other);
        }
        return new ServerCertificate(leaf, chain, path, selfMade: false, created: false);
    }

    private static bool LooksLikePem(string path)
    {
        Span<byte> start = stackalloc byte[4096];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return start[..read].IndexOf("-----BEGIN "u8) >= 0;
    }

    private static ServerCertificate FromPem(string certificatePath, string? keyPath, string? password, bool selfMade, bool created)
    {
        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new FileNotFoundException($"its key file {keyPath} does not exist");
        }
        if (keyPath is null && !File.ReadAllText(certificatePath).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidDataException("holds no private key (give it in the same file or with Tls:KeyFile)");
        }
        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        // A "fullchain" file: the server's certificate first, then the intermediates clients need to reach a root.
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        foreach (var other in all.Skip(1))
        {
            chain.Add(other);
        }
        return new ServerCertificate(certificate, chain, certificatePath, selfMade, created);
    }

    /// <summary>Makes a self-signed ECDSA P-256 certificate for the server's name, localhost and the loopback addresses,
    /// and writes it (and its key, readable by the owner only) where the next start finds it.</summary>
    private static ServerCertificate Create(string certificatePath, string keyPath, string serverName, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(serverName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var names = new SubjectAlternativeNameBuilder();
        if (IsDnsName(serverName) && serverName != "localhost")
        {
            names.AddDnsName(serverName);
        }
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());

        var now = time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number, as RFC 5280 asks
        using var signed = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddDays(-1), now + SelfMadeValidity, serial);

        // The key first, then the certificate: a start that finds the certificate finds its key. Each is written whole
        // under a temporary name and then renamed, so a crash never leaves half a file to fail on next time.
        WriteWhole(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteWhole(certificatePath, signed.ExportCertificatePem(),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return FromPem(certificatePath, keyPath, password: null, selfMade: true, created: true);
    }

    private static void WriteWhole(string path, string pem, UnixFileMode mode)
    {
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            file.Write(pem);
            file.Write('\n');
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static bool IsDnsName(string name) =>
        name.Length is > 0 and <= 253 && name.Split('.').All(label =>
            label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-') && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var other in Intermediates)
        {
            other.Dispose();
        }
    }
}
