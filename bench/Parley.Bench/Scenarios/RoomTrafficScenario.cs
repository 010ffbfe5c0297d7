using System.Diagnostics;
using Parley.Bench.Clients;
using Parley.Bench.Measure;
using Parley.Bench.Results;
using Parley.Bench.Wire;

namespace Parley.Bench.Scenarios;

/// <summary>Settings of room traffic: <see cref="Clients"/> clients in rooms of <see cref="RoomSize"/>; in every room
/// the first <see cref="SendersPerRoom"/> members send <see cref="Messages"/> messages each, and every other member of
/// the room must receive each of them once, in order. The last <see cref="Stalled"/> members of every room stop reading
/// once the traffic starts (slow consumers): they are owed nothing, and the others' latency shows what they cost.</summary>
internal sealed record RoomTrafficSettings(int Clients, int RoomSize, int SendersPerRoom, int Messages, int Window, double Rate, int Stalled = 0);

/// <summary>fanout (one room), rooms (many rooms, everyone sends) and paced (senders at a fixed rate): room messages
/// as fast as the window allows, or paced, checked per receiver per sender for loss and duplication.</summary>
/// <remarks>In flight: a message is in flight from the moment its sender writes it until its witness reads it. The
/// witness of every sender of a room is the room's first member that does not send; when everyone sends, it is the next
/// member. A window of K therefore bounds what one sender has queued in the server for the slowest path to K.</remarks>
internal sealed class RoomTrafficScenario : ILineSink
{
    private readonly string _name;
    private readonly RoomTrafficSettings _room;
    private readonly ScenarioSettings _settings;
    private readonly LatencyRecorder _latency = new();
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Member[] _members = [];
    private MessageSender[] _senders = [];
    private int _unfinished;

    /// <summary>One receiver: its room's senders are <see cref="FirstSender"/>.. (<see cref="SenderCount"/>).</summary>
    private sealed class Member(int firstSender, int senderCount, int ownSender, SequenceLedger ledger)
    {
        public int FirstSender { get; } = firstSender;
        public int SenderCount { get; } = senderCount;
        public int OwnSender { get; } = ownSender; // local number, or -1
        public SequenceLedger Ledger { get; } = ledger;
        public bool[] WitnessOf { get; } = new bool[senderCount];
        public int Finished;
    }

    public RoomTrafficScenario(string name, RoomTrafficSettings room, ScenarioSettings settings)
    {
        _name = name;
        _room = room;
        _settings = settings;
    }

    /// <summary>Connects, joins, sends, waits for every delivery (or a stall), and reports.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancel)
    {
        FileDescriptorLimit.Raise(_room.Clients + 256);
        await using var progress = new Progress(_name, _settings.ShowProgress);
        await using var fleet = await ClientFleet.ConnectAsync(_settings.Target, _room.Clients, _settings.Parallel, idle: false,
            progress, null, _settings.Timeout, cancel);
        await fleet.JoinAsync(RoomOf, _settings.Parallel, progress, cancel);
        Plan(fleet);
        fleet.Attach(this);

        await using var probe = ServerProbe.Start(_settings.ServerPid);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var expected = _members.Sum(m => m.Ledger.Expected);
        var started = Stopwatch.GetTimestamp();
        progress.Show(() => Status(started, expected));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sending = _senders.Select((s, i) => _room.Rate > 0
                ? s.RunPacedAsync(_room.Rate, TimeSpan.FromSeconds(i % _room.SendersPerRoom / (_room.Rate * _room.SendersPerRoom)), stop.Token)
                : s.RunAsync(stop.Token))
            .ToArray();
        var problem = _unfinished == 0 ? null : await CompletionWatch.WaitAsync(_allDone.Task, Delivered, _settings, cancel);
        await stop.CancelAsync();
        await Task.WhenAll(sending).ContinueWith(_ => { }, TaskScheduler.Default); // cancelled senders are expected here

        var usage = probe?.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var last = _members.Max(m => m.Ledger.LastTimestamp);
        var seconds = last > started ? Stopwatch.GetElapsedTime(started, last).TotalSeconds : 0;
        var delivered = _members.Sum(m => m.Ledger.Delivered);
        var problems = fleet.CloseReasons();
        if (problem is not null)
        {
            problems.Add(problem);
        }
        return new RunResult
        {
            Scenario = _name,
            Label = _settings.Label,
            Server = _settings.ServerName,
            Parameters = new()
            {
                ["clients"] = _room.Clients,
                ["roomSize"] = _room.RoomSize,
                ["sendersPerRoom"] = _room.SendersPerRoom,
                ["messages"] = _room.Messages,
                ["window"] = _room.Window,
                ["rate"] = (long)_room.Rate,
                ["payload"] = _settings.PayloadBytes,
                ["stalled"] = _room.Stalled,
            },
            Seconds = Math.Round(seconds, 4),
            Rate = seconds > 0 ? Math.Round(delivered / seconds) : 0,
            RateUnit = "deliveries/s",
            Sent = _senders.Sum(s => s.Sent),
            Expected = expected,
            Delivered = delivered,
            Lost = _members.Where(m => m.Ledger.Expected > 0).Sum(m => m.Ledger.Lost(m.OwnSender)),
            Duplicated = _members.Sum(m => m.Ledger.Repeats),
            Unexpected = _members.Sum(m => m.Ledger.Unexpected),
            Latency = _latency.Summarize(),
            ServerUsage = usage,
            GeneratorCpuSeconds = Math.Round(cpu, 3),
            Problems = problems,
        };
    }

    private int RoomOf(int client) => client / _room.RoomSize;

    /// <summary>Chooses the senders and witnesses of every room and gives every member its ledger.</summary>
    private void Plan(ClientFleet fleet)
    {
        var members = new Member[_room.Clients];
        var senders = new List<MessageSender>();
        for (var first = 0; first < _room.Clients; first += _room.RoomSize)
        {
            var size = Math.Min(_room.RoomSize, _room.Clients - first);
            var count = Math.Min(_room.SendersPerRoom, size);
            var firstSender = senders.Count;
            var roomName = fleet.Names.Room(RoomOf(first));
            for (var s = 0; s < count; s++)
            {
                senders.Add(new MessageSender(fleet.Clients[first + s], firstSender + s, roomName, _room.Messages, _room.Window,
                    _settings.PayloadBytes));
            }
            var stalled = Math.Clamp(_room.Stalled, 0, Math.Max(0, size - count - 1)); // the witness keeps reading
            for (var m = 0; m < size; m++)
            {
                var own = m < count ? m : -1;
                var hears = m >= size - stalled ? 0 : own >= 0 ? count - 1 : count;
                members[first + m] = new Member(firstSender, count, own, new SequenceLedger(count, hears, _room.Messages));
                if (m >= size - stalled)
                {
                    fleet.Clients[first + m].StopReading();
                }
            }
            for (var s = 0; s < count; s++)
            {
                // The first member that does not send; when all send, the next member (none in a room of one).
                var witness = count < size ? count : (s + 1) % size;
                if (witness != s)
                {
                    members[first + witness].WitnessOf[s] = true;
                }
            }
        }
        _members = members;
        _senders = [.. senders];
        _unfinished = members.Count(m => m.Ledger.Expected > 0);
    }

    public void OnLine(BenchClient client, IrcLine line)
    {
        if (!line.Is("PRIVMSG"u8))
        {
            return;
        }
        var member = _members[client.Index];
        if (member.Ledger.Expected == 0)
        {
            return; // a stalled member (owed nothing): what it read before it stopped is not counted
        }
        var text = line.Trailing;
        if (!IrcLine.TryTakeNumber(ref text, out var id) || !IrcLine.TryTakeNumber(ref text, out var sequence)
            || !IrcLine.TryTakeNumber(ref text, out var sentAt))
        {
            member.Ledger.Unexpected++;
            return;
        }
        var local = (int)(id - member.FirstSender);
        if (local < 0 || local >= member.SenderCount || local == member.OwnSender)
        {
            member.Ledger.Unexpected++;
            return;
        }
        var now = client.ReceivedAt;
        if (member.Ledger.Accept(local, sequence, now))
        {
            _latency.RecordAt(sentAt, now);
        }
        if (member.WitnessOf[local])
        {
            _senders[id].Acknowledge(sequence);
        }
        if (member.Ledger.Complete)
        {
            Finish(member);
        }
    }

    public void OnClosed(BenchClient client)
    {
        if (_members.Length > client.Index)
        {
            Finish(_members[client.Index]); // it will hear nothing more: its missing deliveries count as lost
        }
    }

    private void Finish(Member member)
    {
        if (member.Ledger.Expected > 0 && Interlocked.Exchange(ref member.Finished, 1) == 0
            && Interlocked.Decrement(ref _unfinished) == 0)
        {
            _allDone.TrySetResult();
        }
    }

    private long Delivered()
    {
        var total = 0L;
        foreach (var member in _members)
        {
            total += Volatile.Read(ref member.Ledger.Delivered);
        }
        return total;
    }

    private string Status(long started, long expected)
    {
        var delivered = Delivered();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sent = _senders.Sum(s => s.Sent);
        return $"sent {sent:N0}  delivered {delivered:N0}/{expected:N0}  {ResultTable.Rate(seconds > 0 ? delivered / seconds : 0)}/s";
    }
}
