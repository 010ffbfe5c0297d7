using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.Tests.Soak;

/// <summary>What a chaos run can see of the server: how many sessions, nicks and rooms it holds.</summary>
public readonly record struct ServerCounts(int Sessions, int Nicks, int Rooms, long UdpSessions = 0)
{
    /// <summary>Whether the server holds nothing at all: no session in the hub, and none left in the UDP door.</summary>
    public bool IsEmpty => Sessions == 0 && Nicks == 0 && Rooms == 0 && UdpSessions == 0;
}

/// <summary>The server a chaos run aims at: one in the test process (whose hub and log it can inspect), or one running
/// elsewhere on this machine (seen through LUSERS and /proc).</summary>
public abstract class ChaosServer : IAsyncDisposable
{
    /// <summary>Where to connect.</summary>
    public abstract IPEndPoint EndPoint { get; }

    /// <summary>Where the UDP door listens, or null when there is none (or it is not known).</summary>
    public abstract IPEndPoint? UdpEndPoint { get; }

    /// <summary>What the UDP door counted, for the report (empty when unknown).</summary>
    public virtual string UdpCounters => "";

    /// <summary>How <see cref="MeasureMemoryAsync"/> measures, for the report.</summary>
    public abstract string MemoryKind { get; }

    /// <summary>What the server logged that it should not have: warnings, errors, exceptions (empty when unknown).</summary>
    public abstract IReadOnlyCollection<string> LoggedProblems { get; }

    /// <summary>How many entries the server logged in all; -1 when its log cannot be seen.</summary>
    public abstract long LogEntries { get; }

    /// <summary>The server's sessions, nicks and rooms now.</summary>
    public abstract Task<ServerCounts> CountAsync();

    /// <summary>The server's memory in bytes; <paramref name="settled"/> asks for a full garbage collection first where
    /// that is possible.</summary>
    public abstract Task<long> MeasureMemoryAsync(bool settled);

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <summary>A server for the run: the one <paramref name="settings"/> names, or a new one in this process.</summary>
    public static async Task<ChaosServer> StartAsync(ChaosSettings settings) =>
        settings.Target is { } target ? new External(target, settings.UdpTarget, settings.TargetPid, settings.TargetLog) : await InProcess.StartAsync(settings.MisbehavingExempt);

    /// <summary>A <see cref="ParleyServer"/> in the test process, logging into a <see cref="CapturedLog"/>.</summary>
    private sealed class InProcess(ParleyServer server, CapturedLog log, ILoggerFactory loggers) : ChaosServer
    {
        public static async Task<ChaosServer> StartAsync(bool exemptEveryone)
        {
            var log = new CapturedLog();
            var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(log));
            // The honest clients are exempt from flood control and per-address limits (they send steadily); unless told
            // otherwise, the misbehaving ones, each from an address of its own, meet the defences a real server has.
            var server = await InProcessServer.StartAsync(o =>
            {
                o.Listen = ["127.0.0.1:0", "udp://127.0.0.1:0"];
                // A UDP client that vanishes is only noticed by silence; the end of a run should not wait 30 s for it.
                o.Udp.SessionIdleTimeoutSeconds = 2;
                o.Limits.Exempt = exemptEveryone ? InProcessServer.LoopbackExempt : ChaosAddresses.ExemptHonest;
                o.Quiet = true;
            }, loggers);
            return new InProcess(server, log, loggers);
        }

        public override IPEndPoint EndPoint => server.Endpoints[0].EndPoint;

        public override IPEndPoint? UdpEndPoint => server.UdpDoors.Count > 0 ? server.UdpDoors[0].BoundEndpoint.EndPoint : null;

        public override string UdpCounters => server.UdpDoors.Count == 0 ? "" : server.UdpDoors[0].Counters is var c
            ? $"{c.DatagramsReceived} datagrams in, {c.SessionsAccepted} sessions accepted, {c.Dropped} dropped ({c.Malformed} malformed), "
              + $"{c.RetriesSent} retries, {c.ActiveSessions} sessions left"
            : "";

        public override string MemoryKind => "managed heap after a full compacting collection (test process)";

        public override IReadOnlyCollection<string> LoggedProblems => log.Problems;

        public override long LogEntries => log.Entries;

        public override async Task<ServerCounts> CountAsync()
        {
            var udp = server.UdpDoors.Sum(d => d.Counters.ActiveSessions + d.Counters.ActivePlainSessions);
            return await server.Loop.Ask(h => new ServerCounts(h.Sessions.Count, h.Nicks.Count, h.Rooms.Count, udp));
        }

        public override Task<long> MeasureMemoryAsync(bool settled)
        {
            if (!settled)
            {
                return Task.FromResult(Math.Max(0, GC.GetTotalMemory(forceFullCollection: false))); // garbage included
            }
            // The heap's size right after a full, blocking, compacting collection (GC.GetTotalMemory can read a little
            // off, even below zero, for a heap this small).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Task.FromResult(GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
        }

        public override async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            loggers.Dispose();
        }
    }

    /// <summary>A server in another process: counts through LUSERS from a probe client, memory from /proc/PID/status,
    /// and problems from its console log (when the run is told where it goes) as of the run's start.</summary>
    private sealed class External(IPEndPoint target, IPEndPoint? udpTarget, int? pid, string? logPath) : ChaosServer
    {
        private readonly long _logStart = logPath is not null && File.Exists(logPath) ? new FileInfo(logPath).Length : 0;

        public override IPEndPoint EndPoint => target;

        public override IPEndPoint? UdpEndPoint => udpTarget;

        public override string MemoryKind => pid is null ? "unknown (no PARLEY_CHAOS_PID)" : $"resident set of process {pid}";

        public override IReadOnlyCollection<string> LoggedProblems =>
            [.. LogLines().Where(l => l.Contains(" warning: ", StringComparison.Ordinal) || l.Contains(" error: ", StringComparison.Ordinal))];

        public override long LogEntries => logPath is null ? -1 : LogLines().Count;

        /// <summary>The lines the server logged since the run started (its console formatter marks warnings and errors).</summary>
        private List<string> LogLines()
        {
            if (logPath is null)
            {
                return [];
            }
            using var file = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(_logStart, SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
            return lines;
        }

        public override async Task<ServerCounts> CountAsync()
        {
            await using var probe = await LineClient.RegisterAsync(target.Port, "chaosprobe" + Environment.ProcessId % 1000, CancellationToken.None, target.Address);
            await probe.SendAsync("LUSERS");
            var lines = await probe.ReadUntilAsync(l => LineClient.Command(l) == "266");
            int Number(string numeric, int index) =>
                int.Parse(lines.First(l => LineClient.Command(l) == numeric).Split(' ')[index + 3].TrimStart(':'));
            var users = lines.First(l => LineClient.Command(l) == "251").Split(' ');
            var registered = int.Parse(users[5]) + int.Parse(users[8]) - 1; // "There are N users and M invisible", less the probe
            return new ServerCounts(registered + Number("253", 0), registered, Number("254", 0));
        }

        public override async Task<long> MeasureMemoryAsync(bool settled)
        {
            if (pid is null)
            {
                return 0;
            }
            var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
            var rss = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
