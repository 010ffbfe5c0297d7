using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Parley.Server.Doors.Tcp;

namespace Parley.Server.Doors.Tls;

/// <summary>TLS over one accepted socket: the handshake (off the hub's thread, bounded in time), then an SslStream to
/// read from and to write each burst to, a record's worth at a time.</summary>
internal sealed class TlsWire : IConnectionWire
{
    /// <summary>The most plaintext bytes of one TLS record: bursts are written in pieces of this size, so no piece is
    /// split into a full record and a runt.</summary>
    private const int RecordBytes = 16 * 1024;

    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly SslServerAuthenticationOptions _authentication;
    private readonly TimeSpan _handshakeTimeout;
    private volatile bool _open;

    public TlsWire(Socket socket, SslServerAuthenticationOptions authentication, TimeSpan handshakeTimeout)
    {
        _socket = socket;
        _ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        _authentication = authentication;
        _handshakeTimeout = handshakeTimeout;
    }

    /// <summary>IRC only: the plain-text door is for nc and telnet, which do not speak TLS, and a TLS client that is
    /// slow to say its first line must not be taken for a person at a terminal.</summary>
    public bool IrcOnly => true;

    public string? ClientCertificateFingerprint { get; private set; }

    public async ValueTask<bool> OpenAsync()
    {
        using var deadline = new CancellationTokenSource(_handshakeTimeout);
        try
        {
            await _ssl.AuthenticateAsServerAsync(_authentication, deadline.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException
            or ObjectDisposedException or InvalidOperationException)
        {
            // Not TLS, an old protocol, a client that gave up or never finished: nothing to tell it in IRC's terms.
            return false;
        }
        if (_ssl.RemoteCertificate is { } presented)
        {
            ClientCertificateFingerprint = ServerCertificate.FingerprintOf(presented);
        }
        _open = true;
        return true;
    }

    /// <summary>SslStream supports zero-byte reads: it waits for the socket without holding its own buffer.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancel) => _ssl.ReadAsync(buffer, cancel);

    /// <summary>Never at once: encrypting and writing a record waits, so every burst goes through <see cref="SendAsync"/>,
    /// off the hub's thread.</summary>
    public int TrySendNow(ReadOnlySpan<byte> bytes) => 0;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        // One write per record's worth, not one per line: each write is a TLS record with its own header, MAC and
        // system call (the connection already gathered the burst into one buffer).
        while (!bytes.IsEmpty)
        {
            var take = Math.Min(bytes.Length, RecordBytes);
            await _ssl.WriteAsync(bytes[..take]);
            bytes = bytes[take..];
        }
    }

    public async ValueTask ShutdownSendAsync()
    {
        if (_open)
        {
            await _ssl.ShutdownAsync(); // close_notify: the client can tell our end from a cut connection
        }
        _socket.Shutdown(SocketShutdown.Send);
    }

    public void Dispose()
    {
        _socket.Dispose(); // first: anything still pending on the stream fails at once
        _ssl.Dispose();
    }
}
