using System.Net.Sockets;

namespace Parley.Server.Doors.Tcp;

/// <summary>The byte stream under a <see cref="TcpConnection"/>: the bare socket, or TLS over it (Doors/Tls). The
/// connection reads, frames, queues and flushes the same way over either; only these steps differ.</summary>
internal interface IConnectionWire : IDisposable
{
    /// <summary>What the connection's PipeReader reads from.</summary>
    Stream Input { get; }

    /// <summary>Whether every connection on this wire is IRC (no sniffing for plain text).</summary>
    bool IrcOnly { get; }

    /// <summary>The client certificate's SHA-256 fingerprint (lower-case hex), once the wire is open; null without one.</summary>
    string? ClientCertificateFingerprint { get; }

    /// <summary>Readies the wire before anything is read (the TLS handshake); false when the connection is to be dropped
    /// without a word (a failed or timed-out handshake).</summary>
    ValueTask<bool> OpenAsync();

    /// <summary>Sends one burst of queued segments, in order.</summary>
    ValueTask SendAsync(IList<ArraySegment<byte>> segments);

    /// <summary>Ends our side of the stream after the last byte (TLS's close_notify, then TCP's FIN).</summary>
    ValueTask ShutdownSendAsync();
}

/// <summary>The plain TCP wire: reads through a NetworkStream, sends each burst with one gathered send.</summary>
internal sealed class SocketWire(Socket socket) : IConnectionWire
{
    public Stream Input { get; } = new NetworkStream(socket, ownsSocket: false);

    public bool IrcOnly => false;

    public string? ClientCertificateFingerprint => null;

    public ValueTask<bool> OpenAsync() => ValueTask.FromResult(true);

    public ValueTask SendAsync(IList<ArraySegment<byte>> segments) => new(socket.SendAsync(segments, SocketFlags.None));

    public ValueTask ShutdownSendAsync()
    {
        socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => socket.Dispose();
}
