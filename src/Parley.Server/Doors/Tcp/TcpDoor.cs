using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Server.Doors.Tls;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Tcp;

/// <summary>A TCP listener: accepts connections on one endpoint and serves each with a <see cref="TcpConnection"/>; with a
/// <see cref="TlsLayer"/> it is the TLS door (each connection's handshake runs in its own task, counted by admission
/// control from accept on).</summary>
public sealed class TcpDoor : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly AdmissionControl _admission;
    private readonly TlsLayer? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpConnection, Task> _connections = new();
    private Task? _acceptLoop;
    private int _refusing;

    /// <summary>The most refused connections given their ERROR line at once; past it, more are closed without one, so a
    /// flood of connections cannot hold sockets open by being refused slowly.</summary>
    private const int MaxRefusing = 256;

    /// <summary>How long a refused connection is given to take its ERROR line.</summary>
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Binds the endpoint; throws <see cref="SocketException"/> when it cannot. <paramref name="admission"/>
    /// counts connections for every door of the server; <paramref name="tls"/> makes it a TLS door.</summary>
    public TcpDoor(ListenEndpoint endpoint, HubLoop loop, ServerOptions options, AdmissionControl admission, TlsLayer? tls = null)
    {
        _tls = tls;
        Endpoint = endpoint;
        _loop = loop;
        _options = options;
        _admission = admission;
        _listener = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // No ReuseAddress: on Linux .NET maps it to SO_REUSEPORT as well, which let a second server bind the same port
            // and silently share its connections. .NET already sets SO_REUSEADDR on TCP binds, which is what allows a
            // restart while old connections are in TIME_WAIT.
            if (endpoint.EndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _listener.DualMode = false; // [::] means IPv6; listen on 0.0.0.0 too for IPv4
            }
            _listener.Bind(endpoint.EndPoint);
            _listener.Listen(1024);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        BoundEndpoint = endpoint with { EndPoint = (System.Net.IPEndPoint)_listener.LocalEndPoint! };
    }

    /// <summary>The endpoint as configured.</summary>
    public ListenEndpoint Endpoint { get; }

    /// <summary>The endpoint actually bound (with the real port when 0 was asked for).</summary>
    public ListenEndpoint BoundEndpoint { get; }

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _acceptLoop = AcceptLoopAsync();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors, for example: say so, breathe, and keep serving those already connected.
                _loop.Hub.ConnectionLog.LogWarning("accept on {Endpoint} failed: {Error}", BoundEndpoint, ex.Message);
                await Task.Delay(100);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            IPAddress? address;
            try
            {
                socket.NoDelay = true; // chat is latency-bound: never wait on delayed acknowledgements
                address = (socket.RemoteEndPoint as IPEndPoint)?.Address;
            }
            catch (SocketException)
            {
                socket.Dispose(); // reset between accept and here: nothing to serve, and no reason to stop accepting
                continue;
            }
            if (_admission.TryAdmit(address) is { } refusal)
            {
                Refuse(socket, address, refusal);
                continue;
            }
            TcpConnection connection;
            try
            {
                connection = new TcpConnection(socket, _loop, _options, _tls?.Wrap(socket));
            }
            catch (SocketException)
            {
                _admission.Release(address);
                socket.Dispose();
                continue;
            }
            // Listed before it starts, so a connection that ends at once is not added back after it removed itself.
            var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = served.Task;
            _ = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync();
                }
                finally
                {
                    _connections.TryRemove(connection, out _);
                    _admission.Release(address);
                    served.SetResult();
                }
            });
        }
    }

    /// <summary>Tells a connection that may not stay why (<c>ERROR :Closing Link: HOST (reason)</c>), then closes it. What
    /// the client already sent is read and dropped until it hangs up (or briefly), so that closing is not a reset that
    /// could destroy the ERROR line before the client reads it.</summary>
    private void Refuse(Socket socket, IPAddress? address, string reason)
    {
        _loop.Hub.ConnectionLog.LogInformation("refused a connection from {Address}: {Reason}", address, reason);
        if (_tls is not null)
        {
            // An ERROR line in clear would be garbage to a TLS client, and a handshake to say it in would spend the CPU
            // that refusing is meant to save: the connection is just closed.
            socket.Dispose();
            return;
        }
        if (Interlocked.Increment(ref _refusing) > MaxRefusing)
        {
            Interlocked.Decrement(ref _refusing);
            socket.Dispose();
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                using var deadline = new CancellationTokenSource(RefusalTimeout);
                var line = Encoding.UTF8.GetBytes($"ERROR :Closing Link: {PeerHost.Of(address)} ({reason})\r\n");
                await socket.SendAsync(line, SocketFlags.None, deadline.Token);
                socket.Shutdown(SocketShutdown.Send);
                var sink = new byte[1024];
                var drained = 0;
                while (drained < 64 * 1024)
                {
                    var read = await socket.ReceiveAsync(sink, SocketFlags.None, deadline.Token);
                    if (read == 0)
                    {
                        break;
                    }
                    drained += read;
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                socket.Dispose();
                Interlocked.Decrement(ref _refusing);
            }
        });
    }

    /// <summary>Stops accepting new connections; those already accepted are served on.</summary>
    public async Task StopAcceptingAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync();
        _listener.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }

    /// <summary>Completes when every connection has its last bytes on the wire (or was reset); connections the hub never
    /// closed (still being sniffed, for example) keep it waiting, so bound it with a timeout.</summary>
    public Task AllSentAsync() => Task.WhenAll(_connections.Keys.Select(c => c.Sent));

    /// <summary>Stops accepting and lets go of every connection still open.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync();
        foreach (var connection in _connections.Keys)
        {
            connection.Release();
        }
        await Task.WhenAll(_connections.Values);
        _stop.Dispose();
    }
}
