using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Parley.Server.Doors.Tcp;

namespace Parley.Server.Doors.Tls;

/// <summary>TLS over one accepted socket: the handshake (off the hub's thread, bounded in time), then an SslStream to
/// read from and to write each burst to as one record.</summary>
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

    public Stream Input => _ssl;

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

    public async ValueTask SendAsync(IList<ArraySegment<byte>> segments)
    {
        // One write per burst (per record's worth), not one per line: each write is a TLS record with its own header,
        // MAC and system call.
        var total = 0;
        foreach (var segment in segments)
        {
            total += segment.Count;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(total, RecordBytes));
        try
        {
            var filled = 0;
            foreach (var segment in segments)
            {
                var rest = segment.AsMemory();
                while (!rest.IsEmpty)
                {
                    var take = Math.Min(rest.Length, buffer.Length - filled);
                    rest[..take].CopyTo(buffer.AsMemory(filled));
                    filled += take;
                    rest = rest[take..];
                    if (filled == buffer.Length)
                    {
                        await _ssl.WriteAsync(buffer.AsMemory(0, filled));
                        filled = 0;
                    }
                }
            }
            if (filled > 0)
            {
                await _ssl.WriteAsync(buffer.AsMemory(0, filled));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
