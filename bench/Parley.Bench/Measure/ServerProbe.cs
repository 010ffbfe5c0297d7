using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Results;

namespace Parley.Bench.Measure;

/// <summary>Watches the server process from /proc while a scenario runs: CPU time used (utime + stime) and resident
/// memory (VmRSS), sampled every 100 ms for the peak.</summary>
internal sealed class ServerProbe : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startTicks;
    private readonly long _startTimestamp;
    private Task? _sampler;
    private long _peakKb;

    private ServerProbe(int pid)
    {
        _pid = pid;
        _startTicks = CpuTicks(pid);
        _startTimestamp = Stopwatch.GetTimestamp();
        StartRssKb = RssKb(pid);
        _peakKb = StartRssKb;
    }

    /// <summary>The server's resident memory when the probe started.</summary>
    public long StartRssKb { get; }

    /// <summary>Starts watching <paramref name="pid"/>, or returns null when no pid was given.</summary>
    public static ServerProbe? Start(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }
        if (!File.Exists($"/proc/{id}/stat"))
        {
            throw new ArgumentException($"no process {id} (--server-pid)");
        }
        var probe = new ServerProbe(id);
        probe._sampler = probe.SampleAsync();
        return probe;
    }

    /// <summary>The server's resident memory now, in KB.</summary>
    public long CurrentRssKb() => RssKb(_pid);

    /// <summary>CPU and memory from the start until now.</summary>
    public ServerUsage Stop()
    {
        var ticks = CpuTicks(_pid) - _startTicks;
        var elapsed = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var end = RssKb(_pid);
        _stop.Cancel();
        var cpu = ticks / (double)ClockTicksPerSecond;
        return new ServerUsage(
            Math.Round(cpu, 3),
            elapsed > 0 ? Math.Round(100 * cpu / elapsed, 1) : 0,
            StartRssKb,
            Math.Max(Volatile.Read(ref _peakKb), end),
            end);
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var rss = RssKb(_pid);
                if (rss > _peakKb)
                {
                    Volatile.Write(ref _peakKb, rss);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the
    /// command name, which may itself hold spaces and parentheses).</summary>
    private static long CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so field N is fields[N - 3].
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // the server ended: its last reading stands
        }
    }

    private static long RssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    // sysconf(_SC_CLK_TCK) is 100 on every Linux the project runs on; USER_HZ is fixed by the kernel's ABI.
    private const int ClockTicksPerSecond = 100;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampler is not null)
        {
            await _sampler;
        }
        _stop.Dispose();
    }
}
