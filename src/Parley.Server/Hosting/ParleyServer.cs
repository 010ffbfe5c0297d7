using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Server.Doors;
using Parley.Server.Doors.Tcp;
using Parley.Server.Doors.Tls;
using Parley.Server.Doors.Udp;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Hosting;

/// <summary>A running server: the hub, its loop and every door, started and stopped together.</summary>
public sealed class ParleyServer : IAsyncDisposable
{
    /// <summary>How long stopping waits for the goodbyes to be sent before closing connections regardless.</summary>
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(1);

    private readonly List<TcpDoor> _doors = [];
    private readonly List<UdpDoor> _udpDoors = [];
    private bool _stopped;

    private ParleyServer(ChatHub hub)
    {
        Hub = hub;
        Loop = new HubLoop(hub);
    }

    /// <summary>The hub.</summary>
    public ChatHub Hub { get; }

    /// <summary>The loop that owns the hub.</summary>
    public HubLoop Loop { get; }

    /// <summary>The endpoints actually bound: TCP ones first, then UDP ones.</summary>
    public IReadOnlyList<ListenEndpoint> Endpoints =>
        [.. _doors.Select(d => d.BoundEndpoint), .. _udpDoors.Select(d => d.BoundEndpoint)];

    /// <summary>The certificate the TLS doors present, or null when the server has none.</summary>
    public ServerCertificate? TlsCertificate { get; private set; }

    /// <summary>The UDP doors, for their counters.</summary>
    public IReadOnlyList<UdpDoor> UdpDoors => _udpDoors;

    /// <summary>Binds every endpoint and starts serving. Throws <see cref="ServerStartException"/> with a one-line
    /// reason when an endpoint cannot be bound or the TLS certificate cannot be used.</summary>
    public static async Task<ParleyServer> StartAsync(ServerOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        if (options.Limits.Validate() is { } badLimit)
        {
            throw new ServerStartException(badLimit);
        }
        if (options.History.Validate() is { } badHistory)
        {
            throw new ServerStartException(badHistory);
        }
        if (options.Accounts.Validate(production: false) is { } badAccounts)
        {
            throw new ServerStartException(badAccounts);
        }
        if (options.Operators.Select(o => o.Validate()).FirstOrDefault(e => e is not null) is { } badOperator)
        {
            throw new ServerStartException(badOperator);
        }
        foreach (var plain in options.Operators.Where(o => o.PasswordHash.Length == 0 && o.Password.Length > 0))
        {
            // Still accepted so old configs and scripts work, but a config file that leaks should not leak the password.
            loggers?.CreateLogger("Parley.Server").LogWarning(
                "operator {Name} has a plain-text Password: replace it with a PasswordHash from `parley admin hash-password`", plain.Name);
        }
        var endpoints = new List<ListenEndpoint>();
        foreach (var text in options.Listen.Count == 0 ? ListenEndpoint.Defaults.Select(e => e.ToString()) : options.Listen)
        {
            if (!ListenEndpoint.TryParse(text, out var endpoint, out var error))
            {
                throw new ServerStartException(error);
            }
            endpoints.Add(endpoint);
        }

        ServerStorage storage;
        try
        {
            storage = ServerStorage.Open(options);
        }
        catch (StorageException ex)
        {
            throw new ServerStartException(ex.Message);
        }
        var server = new ParleyServer(new ChatHub(options, time, loggers, storage));
        var admission = new AdmissionControl(options.Limits, server.Hub.Time, server.Hub.Bans);
        try
        {
            var tls = endpoints.Any(e => e.Scheme == ListenScheme.Tls) ? server.PrepareTls(options) : null;
            foreach (var endpoint in endpoints)
            {
                try
                {
                    if (endpoint.Scheme == ListenScheme.Udp)
                    {
                        server._udpDoors.Add(new UdpDoor(endpoint, server.Loop, options, admission));
                    }
                    else
                    {
                        server._doors.Add(new TcpDoor(endpoint, server.Loop, options, admission,
                            endpoint.Scheme == ListenScheme.Tls ? tls : null));
                    }
                }
                catch (SocketException ex)
                {
                    var why = ex.SocketErrorCode switch
                    {
                        SocketError.AddressAlreadyInUse => "address already in use",
                        SocketError.AccessDenied => "permission denied",
                        SocketError.AddressNotAvailable => "address not available on this machine",
                        _ => ex.Message,
                    };
                    throw new ServerStartException($"cannot listen on {endpoint}: {why}");
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        foreach (var door in server._doors)
        {
            door.Start();
        }
        foreach (var door in server._udpDoors)
        {
            door.Start();
        }
        return server;
    }

    /// <summary>Loads (or makes, in the data directory) the certificate of the TLS doors.</summary>
    private TlsLayer PrepareTls(ServerOptions options)
    {
        if (options.Tls.Validate() is { } badSetting)
        {
            throw new ServerStartException(badSetting);
        }
        TlsCertificate = ServerCertificate.Load(options.Tls, Hub.Storage.Directory!, options.ServerName, Hub.Time);
        return new TlsLayer(TlsCertificate, options.Tls);
    }

    /// <summary>Stops accepting, tells every client the server is going away, gives the goodbyes a moment to reach
    /// them, and closes every connection.</summary>
    public async Task StopAsync(string reason = "Server shutting down")
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        foreach (var door in _doors)
        {
            await door.StopAcceptingAsync();
        }
        foreach (var door in _udpDoors)
        {
            await door.StopAcceptingAsync();
        }
        await Loop.Ask(hub =>
        {
            hub.Shutdown(reason);
            return true;
        });
        // Usually a few milliseconds on a healthy network; a client that stopped reading does not hold the exit.
        await Task.WhenAny(Task.WhenAll(_doors.Select(d => d.AllSentAsync()).Concat(_udpDoors.Select(d => d.AllSentAsync()))),
            Task.Delay(GoodbyeTimeout));
        foreach (var door in _doors)
        {
            await door.DisposeAsync();
        }
        _doors.Clear();
        foreach (var door in _udpDoors)
        {
            await door.DisposeAsync();
        }
        _udpDoors.Clear();
    }

    /// <summary>Stops the server as <see cref="StopAsync"/> does (if that was not done yet) and ends the hub's loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Loop.DisposeAsync();
        Hub.Storage.Dispose();
        TlsCertificate?.Dispose();
    }
}

/// <summary>The server could not start; the message is one line for the operator.</summary>
public sealed class ServerStartException(string message) : Exception(message);
