using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Client.Connection;

/// <summary>A client session of Parley's datagram protocol (docs/udp-protocol.md) over a UDP socket: drives a
/// <see cref="ReliableConnection"/> with the socket's datagrams, a timer set to the connection's next deadline, and the
/// application's messages, and hands received messages out in order, exactly once. Transport only: the messages are
/// bytes (Parley puts one IRC line in each).</summary>
/// <remarks>The connection is not thread-safe, so every input (a datagram, a timer, a send) runs under one lock and ends
/// by sending what the connection has to send. The socket is connected to the server, so the kernel drops datagrams
/// from anyone else and reports "port unreachable" as a refused connection.</remarks>
public sealed class DatagramSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Lock _gate = new();
    private readonly ReliableConnection _connection;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly byte[] _sendBuffer = new byte[UdpLimits.MaxDatagramSize];
    private readonly Channel<ReadOnlyMemory<byte>> _incoming =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private bool _released;

    private DatagramSession(Socket socket, ReliableConnectionOptions? options)
    {
        _socket = socket;
        Span<byte> id = stackalloc byte[8];
        RandomNumberGenerator.Fill(id); // unguessable: all that keeps off-path senders out of the session
        _connection = ReliableConnection.CreateClient(BinaryPrimitives.ReadUInt64BigEndian(id), Now, options);
        _timer = new Timer(_ => OnTimer());
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        lock (_gate)
        {
            Drive(Now); // the first INITIAL
        }
    }

    /// <summary>The session's connection id.</summary>
    public ulong ConnectionId => _connection.ConnectionId;

    /// <summary>The local address and port datagrams leave from.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>How the session ended (null while it has not).</summary>
    public ClosedEvent? Closed { get; private set; }

    /// <summary>Where the connection is in its life.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _connection.State;
            }
        }
    }

    /// <summary>The connection's counters (live, written under the session's lock: for tests and logs).</summary>
    public ConnectionCounters Counters => _connection.Counters;

    private long Now => _clock.Elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Opens a session with the server at <paramref name="server"/> and waits until the server accepted it.
    /// Throws <see cref="SocketException"/> (refused: nothing listens there), <see cref="TimeoutException"/> (no answer
    /// within <paramref name="timeout"/>) or <see cref="IOException"/> (the server refused the session).</summary>
    public static async Task<DatagramSession> ConnectAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancel,
        ReliableConnectionOptions? options = null)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(server);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var session = new DatagramSession(socket, options);
        try
        {
            await session._connected.Task.WaitAsync(timeout, cancel);
            return session;
        }
        catch
        {
            session.Abort();
            await session._receiveLoop;
            throw;
        }
    }

    /// <summary>Queues messages (each at most <see cref="UdpLimits.MaxMessageSize"/> bytes) and sends what the window
    /// allows at once. Returns <see cref="SendResult.Queued"/> when all were taken, else why the first one was not.</summary>
    public SendResult Send(IEnumerable<ReadOnlyMemory<byte>> messages)
    {
        lock (_gate)
        {
            if (_released)
            {
                return SendResult.NotOpen;
            }
            var result = SendResult.Queued;
            foreach (var message in messages)
            {
                result = _connection.Send(message);
                if (result != SendResult.Queued)
                {
                    break;
                }
            }
            Drive(Now);
            return result;
        }
    }

    /// <summary>Queues one message; see <see cref="Send(IEnumerable{ReadOnlyMemory{byte}})"/>.</summary>
    public SendResult Send(ReadOnlyMemory<byte> message) => Send([message]);

    /// <summary>The next message from the server, or null once the session has ended (see <see cref="Closed"/>).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancel = default)
    {
        try
        {
            return await _incoming.Reader.ReadAsync(cancel);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Ends the session: what was queued is still delivered, then CLOSE goes out. Completes once the server
    /// has answered (or closed first), or after <paramref name="timeout"/>.</summary>
    public async Task CloseAsync(CloseCode code, string reason, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }
            _connection.Close(code, reason, Now);
            Drive(Now);
        }
        await Task.WhenAny(_settled.Task, Task.Delay(timeout));
    }

    /// <summary>Sends a datagram as is, outside the protocol, from the session's own address: for tests and tools.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.Send(datagram);

    /// <summary>Stops at once without a word to the server, as a crashed client or a pulled cable would.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }
            _released = true;
            _timer.Dispose();
            _stop.Cancel();
            _socket.Dispose();
            _connected.TrySetException(new ObjectDisposedException(nameof(DatagramSession)));
            _incoming.Writer.TryComplete();
            _settled.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (State is ConnectionState.Handshaking or ConnectionState.Connected or ConnectionState.Flushing or ConnectionState.Closing)
        {
            await CloseAsync(CloseCode.Normal, "", TimeSpan.FromSeconds(2));
        }
        Abort();
        await _receiveLoop;
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        // Large enough for any UDP payload, so an oversized datagram is seen (and refused) whole.
        var buffer = new byte[65536];
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // "Port unreachable" for an earlier datagram. Before the server answered, nothing listens there; once
                // connected it may be a stray, and the protocol's own timeouts decide.
                if (_connected.TrySetException(ex))
                {
                    return;
                }
                continue;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_gate)
            {
                if (_released)
                {
                    return;
                }
                var now = Now;
                _connection.Receive(buffer.AsSpan(0, length), now);
                Drive(now);
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }
            var now = Now;
            _connection.HandleTimeout(now);
            Drive(now);
        }
    }

    /// <summary>After every input: send what the connection has to send, pass its events on, re-arm the timer.</summary>
    private void Drive(long now)
    {
        while (_connection.TryPollTransmit(now, _sendBuffer, out var length))
        {
            try
            {
                _socket.Send(_sendBuffer.AsSpan(0, length));
            }
            catch (SocketException)
            {
                // Refused or unreachable for now: the datagram is lost, which the protocol recovers from.
            }
        }
        while (_connection.TryPollEvent(out var connectionEvent))
        {
            switch (connectionEvent)
            {
                case ConnectedEvent:
                    _connected.TrySetResult();
                    break;
                case MessageReceivedEvent received:
                    _incoming.Writer.TryWrite(received.Message);
                    break;
                case ClosedEvent closed:
                    Closed = closed;
                    _connected.TrySetException(closed.Code == CloseCode.HandshakeTimeout
                        ? new TimeoutException(closed.Reason)
                        : new IOException($"the server refused the session: {closed.Reason}"));
                    _incoming.Writer.TryComplete();
                    break;
            }
        }
        if (_connection.State is ConnectionState.Draining or ConnectionState.Closed)
        {
            _settled.TrySetResult(); // the server knows: it closed first, or answered our CLOSE
        }
        var next = _connection.IsDrained ? null : _connection.NextTimeout;
        _timer.Change(next is { } at ? TimeSpan.FromMilliseconds(Math.Max(0, (at - now + 999) / 1000)) : Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }
}
