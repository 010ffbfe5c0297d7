using System.Buffers;
using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Results;
using Parley.Bench.Wire;

namespace Parley.Bench.Scenarios;

/// <summary>Settings of direct: <see cref="Pairs"/> pairs, each asker sending <see cref="Messages"/> private messages
/// with at most <see cref="Window"/> unanswered.</summary>
internal sealed record DirectSettings(int Pairs, int Messages, int Window);

/// <summary>direct: in every pair the asker (client 2i) sends numbered private messages to the answerer (2i+1), which
/// sends each text straight back; the asker measures the round trip. Both sides check order and completeness.</summary>
internal sealed class DirectScenario : ILineSink
{
    private readonly DirectSettings _direct;
    private readonly ScenarioSettings _settings;
    private readonly LatencyRecorder _latency = new();
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SequenceLedger[] _ledgers = [];
    private MessageSender[] _askers = [];
    private byte[][] _replyPrefix = [];
    private int[] _finished = [];
    private int _unfinished;

    public DirectScenario(DirectSettings direct, ScenarioSettings settings)
    {
        _direct = direct;
        _settings = settings;
    }

    /// <summary>Connects the pairs, runs the exchanges and reports round trips per second.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancel)
    {
        var clients = 2 * _direct.Pairs;
        FileDescriptorLimit.Raise(clients + 256);
        await using var progress = new Progress("direct", _settings.ShowProgress);
        await using var fleet = await ClientFleet.ConnectAsync(_settings.Target, clients, _settings.Parallel, idle: false,
            progress, null, _settings.Timeout, cancel);
        _ledgers = Enumerable.Range(0, clients).Select(_ => new SequenceLedger(1, 1, _direct.Messages)).ToArray();
        _finished = new int[clients];
        _unfinished = clients;
        _askers = Enumerable.Range(0, _direct.Pairs)
            .Select(p => new MessageSender(fleet.Clients[2 * p], p, fleet.Clients[2 * p + 1].Nick, _direct.Messages, _direct.Window,
                _settings.PayloadBytes))
            .ToArray();
        _replyPrefix = Enumerable.Range(0, _direct.Pairs)
            .Select(p => System.Text.Encoding.ASCII.GetBytes($"PRIVMSG {fleet.Clients[2 * p].Nick} :"))
            .ToArray();
        fleet.Attach(this);

        await using var probe = ServerProbe.Start(_settings.ServerPid);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        progress.Show(() => $"round trips {RoundTrips():N0}/{(long)_direct.Pairs * _direct.Messages:N0}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sending = _askers.Select(a => a.RunAsync(stop.Token)).ToArray();
        var problem = await CompletionWatch.WaitAsync(_allDone.Task, () => _ledgers.Sum(l => Volatile.Read(ref l.Delivered)), _settings, cancel);
        await stop.CancelAsync();
        await Task.WhenAll(sending).ContinueWith(_ => { }, TaskScheduler.Default);

        var usage = probe?.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var last = _ledgers.Max(l => l.LastTimestamp);
        var seconds = last > started ? Stopwatch.GetElapsedTime(started, last).TotalSeconds : 0;
        var roundTrips = RoundTrips();
        var problems = fleet.CloseReasons();
        if (problem is not null)
        {
            problems.Add(problem);
        }
        return new RunResult
        {
            Scenario = "direct",
            Label = _settings.Label,
            Server = _settings.ServerName,
            Parameters = new()
            {
                ["pairs"] = _direct.Pairs,
                ["messages"] = _direct.Messages,
                ["window"] = _direct.Window,
                ["payload"] = _settings.PayloadBytes,
            },
            Seconds = Math.Round(seconds, 4),
            Rate = seconds > 0 ? Math.Round(roundTrips / seconds) : 0,
            RateUnit = "round trips/s",
            Sent = _askers.Sum(a => a.Sent),
            // Each message once to the answerer and once back to the asker.
            Expected = _ledgers.Sum(l => l.Expected),
            Delivered = _ledgers.Sum(l => l.Delivered),
            Lost = _ledgers.Sum(l => l.Lost(-1)),
            Duplicated = _ledgers.Sum(l => l.Repeats),
            Unexpected = _ledgers.Sum(l => l.Unexpected),
            Latency = _latency.Summarize(),
            ServerUsage = usage,
            GeneratorCpuSeconds = Math.Round(cpu, 3),
            Problems = problems,
        };
    }

    private long RoundTrips()
    {
        var total = 0L;
        for (var i = 0; i < _ledgers.Length; i += 2)
        {
            total += Volatile.Read(ref _ledgers[i].Delivered);
        }
        return total;
    }

    public void OnLine(BenchClient client, IrcLine line)
    {
        if (!line.Is("PRIVMSG"u8))
        {
            return;
        }
        var ledger = _ledgers[client.Index];
        var payload = line.Trailing;
        var text = payload;
        var pair = client.Index / 2;
        if (!IrcLine.TryTakeNumber(ref text, out var id) || !IrcLine.TryTakeNumber(ref text, out var sequence)
            || !IrcLine.TryTakeNumber(ref text, out var sentAt) || id != pair)
        {
            ledger.Unexpected++;
            return;
        }
        var now = client.ReceivedAt;
        var fresh = ledger.Accept(0, sequence, now);
        if (client.Index % 2 == 1)
        {
            // The answerer: the same text straight back, sent when this read's lines are all handled.
            client.Replies.Write(_replyPrefix[pair]);
            client.Replies.Write(payload);
            client.Replies.Write("\r\n"u8);
        }
        else
        {
            if (fresh)
            {
                _latency.RecordAt(sentAt, now);
            }
            _askers[pair].Acknowledge(sequence);
        }
        if (ledger.Complete)
        {
            Finish(client.Index);
        }
    }

    public void OnClosed(BenchClient client) => Finish(client.Index);

    private void Finish(int index)
    {
        if (index < _finished.Length && Interlocked.Exchange(ref _finished[index], 1) == 0 && Interlocked.Decrement(ref _unfinished) == 0)
        {
            _allDone.TrySetResult();
        }
    }
}
