using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Results;

namespace Parley.Bench.Scenarios;

/// <summary>Settings of connect: open and register <see cref="Connections"/> connections, then hold them idle for
/// <see cref="HoldSeconds"/> before reading the server's memory.</summary>
internal sealed record ConnectSettings(int Connections, double HoldSeconds);

/// <summary>connect: registrations per second with a bounded number in progress, and the server's resident memory per
/// idle registered connection (the growth of its RSS from before the first connection, divided by their number).</summary>
internal sealed class ConnectScenario
{
    private readonly ConnectSettings _connect;
    private readonly ScenarioSettings _settings;

    public ConnectScenario(ConnectSettings connect, ScenarioSettings settings)
    {
        _connect = connect;
        _settings = settings;
    }

    /// <summary>Connects everyone, holds, measures, and closes.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancel)
    {
        var limit = FileDescriptorLimit.Raise(_connect.Connections + 256);
        if (limit < _connect.Connections + 64)
        {
            throw new InvalidOperationException(
                $"{_connect.Connections:N0} connections need as many file descriptors, but this process may open {limit:N0} (ulimit -Hn)");
        }
        await using var progress = new Progress("connect", _settings.ShowProgress);
        using var registrations = new LatencyRecorder();
        await using var probe = ServerProbe.Start(_settings.ServerPid);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        ClientFleet fleet;
        try
        {
            fleet = await ClientFleet.ConnectAsync(_settings.Target, _connect.Connections, _settings.Parallel,
                idle: true, progress, registrations, _settings.Timeout, cancel, tolerant: true);
        }
        catch (RegistrationTimeoutException timeout)
        {
            // A server that cannot take the storm: say how far it got, with no memory reading.
            return Result(timeout.Registered, Stopwatch.GetElapsedTime(started).TotalSeconds, registrations, null, probe?.Stop(),
                cpuBefore, [timeout.Message]);
        }
        await using var _ = fleet;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Every welcome burst read, then quiet: what the server holds now is what idle connections cost it.
        await fleet.SyncAsync(_settings.Parallel, progress, cancel);
        progress.Show(() => $"holding {_connect.Connections:N0} idle connections");
        await Task.Delay(TimeSpan.FromSeconds(_connect.HoldSeconds), cancel);
        double? perConnection = null;
        if (probe is not null)
        {
            perConnection = Math.Round((probe.CurrentRssKb() - probe.StartRssKb) / (double)Math.Max(1, fleet.Clients.Count), 3);
        }
        var usage = probe?.Stop();
        return Result(fleet.Clients.Count(c => !c.IsClosed), seconds, registrations, perConnection, usage, cpuBefore, fleet.CloseReasons());
    }

    private RunResult Result(int registered, double seconds, LatencyRecorder registrations, double? perConnection, ServerUsage? usage,
        TimeSpan cpuBefore, List<string> problems) => new()
    {
        Scenario = "connect",
        Label = _settings.Label,
        Server = _settings.ServerName,
        Parameters = new()
        {
            ["connections"] = _connect.Connections,
            ["parallel"] = _settings.Parallel,
            ["holdSeconds"] = (long)_connect.HoldSeconds,
        },
        Seconds = Math.Round(seconds, 4),
        Rate = Math.Round(registered / seconds),
        RateUnit = "registrations/s",
        Expected = _connect.Connections,
        Delivered = registered,
        Lost = _connect.Connections - registered,
        Latency = registrations.Summarize(),
        MemoryPerConnectionKb = perConnection,
        ServerUsage = usage,
        GeneratorCpuSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 3),
        Problems = problems,
    };
}
