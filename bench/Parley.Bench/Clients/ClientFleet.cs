using System.Net;
using Parley.Bench.Measure;
using Parley.Bench.Wire;

namespace Parley.Bench.Clients;

/// <summary>Many clients of one scenario: connected and registered with a bound on how many are in progress at once,
/// then joined to their rooms.</summary>
internal sealed class ClientFleet : IAsyncDisposable
{
    private readonly BenchClient[] _clients;

    private ClientFleet(BenchClient[] clients, Nicks nicks)
    {
        _clients = clients;
        Names = nicks;
    }

    /// <summary>The clients, by number.</summary>
    public IReadOnlyList<BenchClient> Clients => _clients;

    /// <summary>Registrations that failed (tolerant mode), one line per reason.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>The names of this run's clients and rooms.</summary>
    public Nicks Names { get; }

    /// <summary>Opens client <paramref name="index"/>'s connection. Outside tolerant mode (where a failed connection is
    /// what the connect scenario counts), a connection attempt that times out or is refused is tried again, up to three
    /// times: a server with a short listen backlog (ngircd's is 10) drops connection attempts in a storm, and the
    /// scenarios that only need their clients registered (joinstorm, fanout) should measure what comes after.</summary>
    private static async Task<BenchClient> ConnectWithRetriesAsync(Target target, int count, int index, string nick, int bufferSize,
        bool idle, bool tolerant, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await BenchClient.ConnectAsync(target.EndPoint, target.SourceFor(index, count), index, nick, bufferSize, idle, cancel);
            }
            catch (System.Net.Sockets.SocketException ex) when (!tolerant && attempt < 4 &&
                ex.SocketErrorCode is System.Net.Sockets.SocketError.TimedOut or System.Net.Sockets.SocketError.ConnectionRefused)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancel);
            }
        }
    }

    /// <summary>Connects and registers <paramref name="count"/> clients, at most <paramref name="parallel"/> at a time;
    /// each registration's duration (connect to 001) goes to <paramref name="registrationTimes"/> when given.</summary>
    /// <remarks>Gives up with a <see cref="TimeoutException"/> when they are not all registered within
    /// <paramref name="deadline"/>: a server that drops connections in a storm must not hang the run.</remarks>
    /// <remarks>With <paramref name="tolerant"/>, a connection that fails (refused, reset) is counted in
    /// <see cref="Failures"/> and left out instead of ending the run.</remarks>
    public static async Task<ClientFleet> ConnectAsync(Target target, int count, int parallel, bool idle, Progress progress,
        LatencyRecorder? registrationTimes, TimeSpan deadline, CancellationToken cancel, bool tolerant = false)
    {
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var registered = new bool[count];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(deadline);
        var nicks = new Nicks();
        var clients = new BenchClient[count];
        var done = 0;
        progress.Show(() => $"registering {Volatile.Read(ref done):N0}/{count:N0}");
        var bufferSize = idle ? 4096 : 256 * 1024;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = timeout.Token },
                async (i, token) =>
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    try
                    {
                        var client = await ConnectWithRetriesAsync(target, count, i, nicks.Nick(i), bufferSize, idle, tolerant, token);
                        clients[i] = client;
                        await client.RegisterAsync(token);
                    }
                    catch (Exception ex) when (tolerant && ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                    {
                        var reason = ex is System.Net.Sockets.SocketException socket ? socket.SocketErrorCode.ToString() : ex.Message[(ex.Message.IndexOf(':') + 1)..].Trim();
                        failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
                        return;
                    }
                    registrationTimes?.Record(started);
                    registered[i] = true;
                    Interlocked.Increment(ref done);
                });
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await DisposeAllAsync(clients);
            throw new RegistrationTimeoutException(done, count, deadline);
        }
        catch
        {
            await DisposeAllAsync(clients);
            throw;
        }
        if (!failures.IsEmpty)
        {
            await DisposeAllAsync(clients.Where((_, i) => !registered[i]).ToArray());
            clients = clients.Where((_, i) => registered[i]).ToArray();
        }
        var fleet = new ClientFleet(clients, nicks);
        fleet.Failures.AddRange(failures.Select(f => $"{f.Value:N0} registration(s) failed: {f.Key}"));
        return fleet;
    }

    /// <summary>Joins client i to room <paramref name="roomOf"/>(i), waiting for each end of NAMES, then makes sure every
    /// client has read everything the joins caused (a PING round trip each), so the traffic starts on quiet sockets.</summary>
    public async Task JoinAsync(Func<int, int> roomOf, int parallel, Progress progress, CancellationToken cancel)
    {
        var done = 0;
        progress.Show(() => $"joining {Volatile.Read(ref done):N0}/{_clients.Length:N0}");
        await Parallel.ForEachAsync(_clients,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancel },
            async (client, token) =>
            {
                await client.JoinAsync(Names.Room(roomOf(client.Index)), token);
                Interlocked.Increment(ref done);
            });
        await SyncAsync(parallel, progress, cancel);
    }

    /// <summary>A PING round trip on every client.</summary>
    public async Task SyncAsync(int parallel, Progress progress, CancellationToken cancel)
    {
        var done = 0;
        progress.Show(() => $"synchronising {Volatile.Read(ref done):N0}/{_clients.Length:N0}");
        await Parallel.ForEachAsync(_clients,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancel },
            async (client, token) =>
            {
                await client.SyncAsync(token);
                Interlocked.Increment(ref done);
            });
    }

    /// <summary>Sets the scenario that receives every client's lines.</summary>
    public void Attach(ILineSink sink)
    {
        foreach (var client in _clients)
        {
            client.Sink = sink;
        }
    }

    /// <summary>Why clients were disconnected, one line per distinct reason with a count.</summary>
    public List<string> CloseReasons() =>
        _clients.Where(c => c.IsClosed && c.CloseReason is not null)
            .GroupBy(c => c.CloseReason!)
            .Select(g => $"{g.Count()} client(s) disconnected: {g.Key}")
            .Concat(Failures)
            .ToList();

    /// <summary>Closes every connection.</summary>
    public ValueTask DisposeAsync() => new(DisposeAllAsync(_clients));

    private static async Task DisposeAllAsync(BenchClient?[] clients)
    {
        foreach (var chunk in clients.Where(c => c is not null).Chunk(1000))
        {
            await Task.WhenAll(chunk.Select(c => c!.DisposeAsync().AsTask()));
        }
    }
}

/// <summary>Not every connection registered in time: how many did.</summary>
internal sealed class RegistrationTimeoutException(int registered, int total, TimeSpan deadline)
    : TimeoutException($"only {registered:N0} of {total:N0} connections registered within {deadline.TotalSeconds:F0} s")
{
    /// <summary>Connections that got RPL_WELCOME in time.</summary>
    public int Registered { get; } = registered;
}
