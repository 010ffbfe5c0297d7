using System.Net.Sockets;

namespace Parley.Server.Doors.Tcp;

/// <summary>The byte stream under a <see cref="TcpConnection"/>: the bare socket, or TLS over it (Doors/Tls). The
/// connection reads, frames, queues and flushes the same way over either; only these steps differ.</summary>
internal interface IConnectionWire : IDisposable
{
    /// <summary>Whether every connection on this wire is IRC (no sniffing for plain text).</summary>
    bool IrcOnly { get; }

    /// <summary>The client certificate's SHA-256 fingerprint (lower-case hex), once the wire is open; null without one.</summary>
    string? ClientCertificateFingerprint { get; }

    /// <summary>Readies the wire before anything is read (the TLS handshake); false when the connection is to be dropped
    /// without a word (a failed or timed-out handshake).</summary>
    ValueTask<bool> OpenAsync();

    /// <summary>Reads into <paramref name="buffer"/>: how many bytes came, 0 at the end of the stream. An empty buffer is a
    /// zero-byte read: it waits until bytes are there without holding a buffer meanwhile.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancel);

    /// <summary>Sends what can go at once without waiting, from the hub's thread: how many bytes went (0 when it would have
    /// to wait, and always 0 on a wire that cannot send without waiting, such as TLS).</summary>
    int TrySendNow(ReadOnlySpan<byte> bytes);

    /// <summary>Sends all of <paramref name="bytes"/>, waiting for room as needed (off the hub's thread).</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> bytes);

    /// <summary>Ends our side of the stream after the last byte (TLS's close_notify, then TCP's FIN).</summary>
    ValueTask ShutdownSendAsync();
}

/// <summary>The plain TCP wire: zero-byte reads on the socket itself, and non-blocking sends from the hub's thread.</summary>
internal sealed class SocketWire : IConnectionWire
{
    private readonly Socket _socket;

    public SocketWire(Socket socket)
    {
        _socket = socket;
        // Sends from the hub's thread must never block it: a full socket buffer hands the rest to an asynchronous send.
        socket.Blocking = false;
    }

    public bool IrcOnly => false;

    public string? ClientCertificateFingerprint => null;

    public ValueTask<bool> OpenAsync() => ValueTask.FromResult(true);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancel) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancel);

    public int TrySendNow(ReadOnlySpan<byte> bytes)
    {
        var sent = _socket.Send(bytes, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => sent,
            SocketError.WouldBlock => 0,
            _ => throw new SocketException((int)error),
        };
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    public ValueTask ShutdownSendAsync()
    {
        _socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _socket.Dispose();
}
