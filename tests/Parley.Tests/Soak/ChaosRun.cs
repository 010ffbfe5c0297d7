using System.Diagnostics;
using System.Net;
using System.Text;

namespace Parley.Tests.Soak;

/// <summary>The fuzz corpora the fuzzing behaviours mutate: IRC streams and UDP datagrams.</summary>
public sealed record ChaosCorpora(IReadOnlyList<byte[]> Irc, IReadOnlyList<byte[]> Udp);

/// <summary>Where the misbehaving clients connect (the UDP door when there is one) and what they mutate.</summary>
public sealed record ChaosTargets(IPEndPoint Tcp, IPEndPoint? Udp, IReadOnlyList<byte[]> IrcCorpus, IReadOnlyList<byte[]> UdpCorpus);

/// <summary>What a chaos run found; the tests assert on it, and its text goes to the test output and the scripts' report.</summary>
public sealed class ChaosReport
{
    /// <summary>The settings the run used.</summary>
    public required ChaosSettings Settings { get; init; }

    /// <summary>What the misbehaving clients did.</summary>
    public required ChaosTally Tally { get; init; }

    /// <summary>Missing, repeated or reordered honest messages, and honest clients that were cut off.</summary>
    public List<string> HonestProblems { get; } = [];

    /// <summary>Numbered messages the honest clients sent.</summary>
    public int HonestMessagesSent { get; set; }

    /// <summary>The server's sessions, nicks and rooms once every client had gone.</summary>
    public ServerCounts EndCounts { get; set; }

    /// <summary>How long the server took to hold nothing after the last client left (or the time waited, if it never did).</summary>
    public TimeSpan TimeToEmpty { get; set; }

    /// <summary>The server's memory before the run, with no client connected.</summary>
    public long BaselineMemory { get; set; }

    /// <summary>The highest memory seen while the run was on (sampled every second).</summary>
    public long PeakMemory { get; set; }

    /// <summary>The server's memory after the run, with no client connected.</summary>
    public long EndMemory { get; set; }

    /// <summary>How memory was measured.</summary>
    public string MemoryKind { get; set; } = "";

    /// <summary>What the server logged at warning level or above, or with an exception.</summary>
    public List<string> LoggedProblems { get; } = [];

    /// <summary>What the server's UDP door counted (empty when there is none, or it cannot be seen).</summary>
    public string UdpCounters { get; set; } = "";

    /// <summary>How many entries the server logged in all (-1 when its log cannot be seen).</summary>
    public long LogEntries { get; set; } = -1;

    /// <summary>Exceptions of tasks nobody awaited, seen while the run was on (in this process).</summary>
    public List<string> UnobservedExceptions { get; } = [];

    /// <summary>How long the whole run took, warm-up and settling included.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <inheritdoc/>
    public override string ToString()
    {
        static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
        var text = new StringBuilder();
        text.AppendLine($"chaos run: {Settings.Duration.TotalSeconds:0} s, {Settings.ChaosClients} misbehaving clients at a time, " +
                        $"{Settings.HonestClients} honest clients in {Settings.HonestRooms} rooms, seed {Settings.Seed}; {Elapsed.TotalSeconds:0.0} s in all");
        text.AppendLine($"  misbehaving: {Tally}");
        if (UdpCounters.Length > 0)
        {
            text.AppendLine($"  UDP door: {UdpCounters}");
        }
        text.AppendLine($"  honest: {HonestMessagesSent} messages sent, {HonestProblems.Count} problems");
        text.AppendLine($"  end: {EndCounts.Sessions} sessions, {EndCounts.Nicks} nicks, {EndCounts.Rooms} rooms, {EndCounts.UdpSessions} UDP door sessions, " +
                        $"{TimeToEmpty.TotalSeconds:0.0} s after the last client left");
        text.AppendLine($"  memory ({MemoryKind}): baseline {Mb(BaselineMemory)}, peak {Mb(PeakMemory)}, end {Mb(EndMemory)}");
        text.AppendLine($"  log: {LogEntries} entries, {LoggedProblems.Count} problems; unobserved task exceptions: {UnobservedExceptions.Count}");
        var problems = HonestProblems.Concat(LoggedProblems).Concat(UnobservedExceptions).ToList();
        foreach (var problem in problems.Take(10))
        {
            text.AppendLine("    " + problem.Split('\n')[0]); // an exception's first line; the full text is in LoggedProblems
        }
        if (problems.Count > 10)
        {
            text.AppendLine($"    ... and {problems.Count - 10} more");
        }
        return text.ToString();
    }
}

/// <summary>Runs honest clients and many misbehaving ones against a server, then checks that the honest ones got every
/// message and that the server let go of everything: no sessions left, memory back near where it started.</summary>
public static class ChaosRun
{
    /// <summary>How long the server may take to hold nothing once the last client has gone: a UDP session the hub has
    /// closed stays in the door until its CLOSE is answered, and a peer that vanished is sent 12 CLOSEs at most 2 s
    /// apart (docs/udp-protocol.md, "Closing") before the door gives up, about 26 s.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <summary>Memory this close to the baseline counts as back: what pools and caches keep after a burst of load.</summary>
    private const long NearBaseline = 4L * 1024 * 1024;

    /// <summary>One run with <paramref name="settings"/> against <paramref name="server"/>, mutating
    /// <paramref name="corpora"/> for the fuzzing behaviours; <paramref name="cancel"/> cuts the run short.</summary>
    public static async Task<ChaosReport> RunAsync(ChaosSettings settings, ChaosServer server, ChaosCorpora corpora, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var targets = new ChaosTargets(server.EndPoint, server.UdpEndPoint, corpora.Irc, corpora.Udp);
        var report = new ChaosReport { Settings = settings, Tally = new ChaosTally(), MemoryKind = server.MemoryKind };
        var unobserved = new EventHandler<UnobservedTaskExceptionEventArgs>((_, e) =>
        {
            lock (report.UnobservedExceptions)
            {
                report.UnobservedExceptions.Add(e.Exception.ToString());
            }
        });
        TaskScheduler.UnobservedTaskException += unobserved;
        try
        {
            // A short round of every behaviour first, so that what is made once (code, caches, pools) is in the baseline.
            await RunWorkersAsync(settings with { ChaosClients = Math.Min(20, settings.ChaosClients) }, targets, new ChaosTally(), WarmUp, cancel);
            await WaitUntilEmptyAsync(server);
            report.BaselineMemory = await server.MeasureMemoryAsync(settled: true);
            report.PeakMemory = report.BaselineMemory;

            var honest = new List<HonestClient>();
            for (var i = 0; i < settings.HonestClients; i++)
            {
                honest.Add(await HonestClient.JoinAsync(server.EndPoint, i, settings.HonestRooms, cancel));
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            stop.CancelAfter(settings.Duration);
            var sampling = SampleMemoryAsync(server, report, stop.Token);
            var talking = TalkAsync(honest, settings.HonestInterval, stop.Token);
            await RunWorkersAsync(settings, targets, report.Tally, settings.Duration, cancel);
            report.HonestMessagesSent = await talking;
            await sampling;

            // Each sender's PONG says the server has handled its messages; then each receiver's PONG says it has read
            // everything the server queued for it before.
            foreach (var client in honest)
            {
                await client.SyncAsync();
            }
            foreach (var client in honest)
            {
                await client.SyncAsync();
            }
            foreach (var client in honest)
            {
                report.HonestProblems.AddRange(client.Problems(honest));
            }
            foreach (var client in honest)
            {
                await client.QuitAsync();
                await client.DisposeAsync();
            }

            var left = Stopwatch.StartNew();
            report.EndCounts = await WaitUntilEmptyAsync(server);
            report.TimeToEmpty = left.Elapsed;
            report.EndMemory = await SettledMemoryAsync(server, report.BaselineMemory);
            report.LoggedProblems.AddRange(server.LoggedProblems);
            report.LogEntries = server.LogEntries;
            report.UdpCounters = server.UdpCounters;
        }
        finally
        {
            // Unawaited tasks are only reported when collected: collect before looking.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= unobserved;
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static async Task RunWorkersAsync(ChaosSettings settings, ChaosTargets targets, ChaosTally tally, TimeSpan duration, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stop.CancelAfter(duration);
        var workers = Enumerable.Range(0, settings.ChaosClients)
            .Select(id => Task.Run(() => new ChaosWorker(id, settings, targets, tally).RunAsync(stop.Token)))
            .ToList();
        // Every behaviour ends within a few seconds of the stop (its waits are bounded); more means a hang in the run.
        var all = Task.WhenAll(workers);
        if (await Task.WhenAny(all, Task.Delay(duration + TimeSpan.FromSeconds(30), CancellationToken.None)) != all)
        {
            throw new TimeoutException($"{workers.Count(w => !w.IsCompleted)} misbehaving clients did not stop");
        }
        await all;
    }

    private static async Task<int> TalkAsync(List<HonestClient> honest, TimeSpan interval, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var client = honest[sent % honest.Count];
            await client.SendNextAsync(client.Rooms[sent / honest.Count % client.Rooms.Count]);
            sent++;
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return sent;
    }

    private static async Task SampleMemoryAsync(ChaosServer server, ChaosReport report, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            report.PeakMemory = Math.Max(report.PeakMemory, await server.MeasureMemoryAsync(settled: false));
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The memory once the last connections are gone: the hub lets go of a session at once, but its connection
    /// may take up to the door's close timeout (5 s) to deliver its goodbye and release its socket and buffers. Returns
    /// as soon as the memory is within <see cref="NearBaseline"/> of <paramref name="baseline"/>, else the least seen.</summary>
    private static async Task<long> SettledMemoryAsync(ChaosServer server, long baseline)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        var least = long.MaxValue;
        while (true)
        {
            least = Math.Min(least, await server.MeasureMemoryAsync(settled: true));
            if (least - baseline <= NearBaseline || DateTime.UtcNow > deadline)
            {
                return least;
            }
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until the server holds no session, nick or room, or the settle time passes; returns the last counts.</summary>
    private static async Task<ServerCounts> WaitUntilEmptyAsync(ChaosServer server)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var counts = await server.CountAsync();
            if (counts.IsEmpty || DateTime.UtcNow > deadline)
            {
                return counts;
            }
            await Task.Delay(100);
        }
    }
}
