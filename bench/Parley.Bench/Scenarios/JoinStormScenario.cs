using System.Collections;
using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Results;
using Parley.Bench.Wire;

namespace Parley.Bench.Scenarios;

/// <summary>joinstorm: <c>clients</c> registered clients all send JOIN for one new room at once; the time until every
/// member has seen every member, through the NAMES list it got on joining and the JOINs that came after.</summary>
/// <remarks>Every member sees its own JOIN and those of everyone who joined after it, so the JOIN lines add up to
/// J(J+1)/2 whatever the order.</remarks>
internal sealed class JoinStormScenario : ILineSink
{
    private readonly int _clients;
    private readonly ScenarioSettings _settings;
    private readonly LatencyRecorder _convergence = new();
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Nicks _names = new();
    private View[] _views = [];
    private long _started;
    private int _unfinished;

    /// <summary>What one member knows of the room.</summary>
    private sealed class View(int clients)
    {
        public BitArray Known { get; } = new(clients);
        public BitArray Joined { get; } = new(clients);
        public int KnownCount;
        public long JoinLines;
        public long RepeatedJoins;
        public long ConvergedAt;
        public int Finished;
    }

    public JoinStormScenario(int clients, ScenarioSettings settings)
    {
        _clients = clients;
        _settings = settings;
    }

    /// <summary>Registers everyone, sends every JOIN at once, and waits until every member knows every member.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancel)
    {
        FileDescriptorLimit.Raise(_clients + 256);
        await using var progress = new Progress("joinstorm", _settings.ShowProgress);
        await using var fleet = await ClientFleet.ConnectAsync(_settings.Target, _clients, _settings.Parallel, idle: false,
            progress, null, _settings.Timeout, cancel);
        _names = fleet.Names;
        _views = Enumerable.Range(0, _clients).Select(_ => new View(_clients)).ToArray();
        _unfinished = _clients;
        fleet.Attach(this);
        var join = System.Text.Encoding.ASCII.GetBytes($"JOIN {_names.Room(0)}\r\n");

        await using var probe = ServerProbe.Start(_settings.ServerPid);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
        progress.Show(() => $"members who know everyone {_views.Count(v => Volatile.Read(ref v.Finished) == 1):N0}/{_clients:N0}");
        await Task.WhenAll(fleet.Clients.Select(c => c.SendAsync(join, cancel).AsTask()));
        var problem = await CompletionWatch.WaitAsync(_allDone.Task, () => _views.Sum(v => Volatile.Read(ref v.JoinLines)), _settings, cancel);

        var usage = probe?.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var last = _views.Max(v => v.ConvergedAt);
        var seconds = last > _started ? Stopwatch.GetElapsedTime(_started, last).TotalSeconds : 0;
        var expected = (long)_clients * (_clients + 1) / 2;
        var lines = _views.Sum(v => v.JoinLines);
        var problems = fleet.CloseReasons();
        if (problem is not null)
        {
            problems.Add(problem);
        }
        var unaware = _views.Count(v => v.KnownCount < _clients);
        if (unaware > 0)
        {
            problems.Add($"{unaware:N0} member(s) never saw every member");
        }
        return new RunResult
        {
            Scenario = "joinstorm",
            Label = _settings.Label,
            Server = _settings.ServerName,
            Parameters = new() { ["clients"] = _clients },
            Seconds = Math.Round(seconds, 4),
            Rate = seconds > 0 ? Math.Round(_clients / seconds) : 0,
            RateUnit = "joins/s",
            Sent = _clients,
            Expected = expected,
            Delivered = lines,
            Lost = Math.Max(0, expected - lines),
            Duplicated = _views.Sum(v => v.RepeatedJoins),
            Latency = _convergence.Summarize(),
            ServerUsage = usage,
            GeneratorCpuSeconds = Math.Round(cpu, 3),
            Problems = problems,
        };
    }

    public void OnLine(BenchClient client, IrcLine line)
    {
        var view = _views[client.Index];
        if (line.Is("JOIN"u8))
        {
            var who = _names.IndexOf(line.Nick);
            if (who < 0 || who >= _clients)
            {
                return;
            }
            Interlocked.Increment(ref view.JoinLines);
            if (view.Joined[who])
            {
                view.RepeatedJoins++;
            }
            view.Joined[who] = true;
            Learn(view, who);
        }
        else if (line.Is("353"u8))
        {
            var names = line.Trailing;
            while (!names.IsEmpty)
            {
                var space = names.IndexOf((byte)' ');
                var name = space < 0 ? names : names[..space];
                names = space < 0 ? default : names[(space + 1)..];
                var who = _names.IndexOf(name.TrimStart("~&@%+"u8));
                if (who >= 0 && who < _clients)
                {
                    Learn(view, who);
                }
            }
        }
        else
        {
            return;
        }
        if (view.KnownCount == _clients && Interlocked.Exchange(ref view.Finished, 1) == 0)
        {
            view.ConvergedAt = client.ReceivedAt;
            _convergence.RecordAt(_started, view.ConvergedAt);
            if (Interlocked.Decrement(ref _unfinished) == 0)
            {
                _allDone.TrySetResult();
            }
        }
    }

    private static void Learn(View view, int who)
    {
        if (!view.Known[who])
        {
            view.Known[who] = true;
            view.KnownCount++;
        }
    }

    public void OnClosed(BenchClient client)
    {
        if (client.Index >= _views.Length)
        {
            return;
        }
        var view = _views[client.Index];
        if (Interlocked.Exchange(ref view.Finished, 1) == 0 && Interlocked.Decrement(ref _unfinished) == 0)
        {
            _allDone.TrySetResult();
        }
    }
}
