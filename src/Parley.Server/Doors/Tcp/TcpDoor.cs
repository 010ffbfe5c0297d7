using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Tcp;

/// <summary>A TCP listener: accepts connections on one endpoint and serves each with a <see cref="TcpConnection"/>.</summary>
public sealed class TcpDoor : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly HubLoop _loop;
    private readonly ServerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpConnection, Task> _connections = new();
    private Task? _acceptLoop;

    /// <summary>Binds the endpoint; throws <see cref="SocketException"/> when it cannot.</summary>
    public TcpDoor(ListenEndpoint endpoint, HubLoop loop, ServerOptions options)
    {
        Endpoint = endpoint;
        _loop = loop;
        _options = options;
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
            TcpConnection connection;
            try
            {
                socket.NoDelay = true; // chat is latency-bound: never wait on delayed acknowledgements
                connection = new TcpConnection(socket, _loop, _options);
            }
            catch (SocketException)
            {
                socket.Dispose(); // reset between accept and here: nothing to serve, and no reason to stop accepting
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
                    served.SetResult();
                }
            });
        }
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
