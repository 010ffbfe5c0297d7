using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Support;

/// <summary>A bare UDP socket on loopback that sends whatever a test makes and collects what comes back: for datagrams
/// no well-behaved client would send, and for counting every byte a server answers.</summary>
public sealed class RawUdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly CancellationToken _cancel;

    /// <summary>A socket on 127.0.0.1 (a fresh port) that sends to <paramref name="server"/>; every wait also ends when
    /// <paramref name="cancel"/> fires (pass the test's token).</summary>
    public RawUdpPeer(IPEndPoint server, CancellationToken cancel)
    {
        _server = server;
        _cancel = cancel;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>This peer's address and port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Bytes sent so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Sends one datagram to the server.</summary>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        _socket.SendTo(datagram, SocketFlags.None, _server);
        BytesSent += datagram.Length;
    }

    /// <summary>The next datagram from the server, or fails after <paramref name="timeout"/> (5 s unless told).</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null)
    {
        return await TryReceiveAsync(timeout ?? TimeSpan.FromSeconds(5))
            ?? throw new TimeoutException($"no datagram from the server within {(timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds} s");
    }

    /// <summary>The next datagram from the server, or null after <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> TryReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65536];
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        cancel.CancelAfter(timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancel.Token);
            Assert.Equal(_server, result.RemoteEndPoint);
            return buffer[..result.ReceivedBytes];
        }
        catch (OperationCanceledException) when (!_cancel.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Every datagram already waiting in the socket (does not wait).</summary>
    public List<byte[]> TakeWaiting()
    {
        var taken = new List<byte[]>();
        var buffer = new byte[65536];
        while (_socket.Available > 0)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var length = _socket.ReceiveFrom(buffer, ref from);
            taken.Add(buffer[..length]);
        }
        return taken;
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
