using System.Net;
using Parley.Fuzz.Targets;

namespace Parley.Tests.Soak;

/// <summary>One misbehaving client slot: runs behaviours one after another, each on a new connection, until the run
/// ends. Many workers run at once; each has its own seeded random source and corpus mutator.</summary>
public sealed class ChaosWorker(int id, ChaosSettings settings, ChaosTargets targets, ChaosTally tally)
{
    private readonly Random _random = new(HashCode.Combine(settings.Seed, id));
    private readonly CorpusMutator _mutator = new(targets.IrcCorpus, new Random(HashCode.Combine(settings.Seed, id, "fuzz")));
    private readonly CorpusMutator _udpMutator = new(targets.UdpCorpus, new Random(HashCode.Combine(settings.Seed, id, "udp")));
    private readonly IPAddress _source = ChaosAddresses.Misbehaving(id, targets.Tcp);
    private int _run;

    /// <summary>Runs behaviours until <paramref name="stop"/> fires; each ends (in its own way) soon after.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        // Spread the first connections over a second, as real clients arrive.
        await Delay(_random.Next(1000), stop);
        while (!stop.IsCancellationRequested)
        {
            var behaviour = ChaosBehaviours.Pick(settings.Mix, _random);
            tally.Started(behaviour);
            _run++;
            await (behaviour switch
            {
                ChaosBehaviour.Chatter => ChatterAsync(stop),
                ChaosBehaviour.AbruptClose => AbruptCloseAsync(stop),
                ChaosBehaviour.StalledReader => ReaderAsync(ReadPace.Never, stop),
                ChaosBehaviour.SlowReader => ReaderAsync(ReadPace.Slow, stop),
                ChaosBehaviour.HalfOpen => HalfOpenAsync(stop),
                ChaosBehaviour.PlainText => PlainTextAsync(stop),
                ChaosBehaviour.IrcFuzzer => FuzzAsync(plain: false, stop),
                ChaosBehaviour.PlainFuzzer => FuzzAsync(plain: true, stop),
                ChaosBehaviour.UdpFuzzer when targets.Udp is { } udp =>
                    new UdpChaosClient(udp, _source, _udpMutator, _random, tally).RunAsync(Nick, Room, Lifetime(200, 3000), stop),
                ChaosBehaviour.UdpFuzzer => FuzzAsync(plain: false, stop), // no UDP door: fuzz the TCP one instead
                _ => throw new InvalidOperationException(behaviour.ToString()),
            });
        }
    }

    private string Nick => $"c{id}x{_run}";

    private string Room => _random.Next(4) == 0 ? HonestClient.RoomName(_random.Next(settings.HonestRooms)) : $"#chaos{_random.Next(settings.ChaosRooms)}";

    /// <summary>A nick another worker may also want: collisions and 433s are part of the game.</summary>
    private string SharedNick => $"cz{_random.Next(40)}";

    private string Registration(string nick) => $"NICK {nick}\r\nUSER {nick} 0 * :chaos {id}\r\n";

    private TimeSpan Lifetime(int minMs, int maxMs) => TimeSpan.FromMilliseconds(_random.Next(minMs, maxMs));

    private async Task ChatterAsync(CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, ReadPace.Full, tally, stop);
        if (connection is null)
        {
            return;
        }
        var caps = _random.Next(3) == 0 ? "CAP LS 302\r\nCAP REQ :message-tags echo-message server-time labeled-response\r\nCAP END\r\n" : "";
        if (!await connection.SendAsync(caps + Registration(Nick)))
        {
            return;
        }
        var until = DateTime.UtcNow + Lifetime(300, 4000);
        while (DateTime.UtcNow < until && !stop.IsCancellationRequested)
        {
            tally.Count(ref tally.Commands);
            if (!await connection.SendAsync(RandomCommand() + "\r\n"))
            {
                return;
            }
            await Delay(_random.Next(80), stop);
        }
        await EndAsync(connection);
    }

    private string RandomCommand() => _random.Next(20) switch
    {
        0 or 1 or 2 => $"JOIN {Room}",
        3 => $"JOIN {Room},{Room}",
        4 => $"PART {Room} :{Words()}",
        5 or 6 or 7 => $"PRIVMSG {Room} :{Words()}",
        8 => $"PRIVMSG {SharedNick} :{Words()}",
        9 => $"NOTICE {Room} :{Words()}",
        10 => $"NICK {(_random.Next(2) == 0 ? SharedNick : Nick + "n" + _random.Next(100))}",
        11 => $"TOPIC {Room} :{Words()}",
        12 => $"MODE {Room} {(_random.Next(2) == 0 ? "+t" : "-t")}",
        13 => $"WHO {Room}",
        14 => $"NAMES {Room}",
        15 => _random.Next(2) == 0 ? "LIST" : $"WHOIS {SharedNick}",
        16 => _random.Next(2) == 0 ? $"AWAY :{Words()}" : "AWAY",
        17 => $"@+typing=active TAGMSG {Room}",
        18 => $"MONITOR + {SharedNick}",
        _ => $"PING {_random.Next()}",
    };

    private string Words() => string.Join(' ', Enumerable.Range(0, _random.Next(1, 12)).Select(_ => Word()));

    private string Word() => _random.Next(8) switch
    {
        0 => "\u0001ACTION waves\u0001",
        1 => "héllo☃",
        2 => new string('w', _random.Next(1, 300)),
        _ => "word" + _random.Next(1000),
    };

    private async Task AbruptCloseAsync(CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, ReadPace.Full, tally, stop);
        if (connection is null)
        {
            return;
        }
        var text = Registration(Nick) + $"JOIN {Room}\r\nPRIVMSG {Room} :about to vanish\r\nPRIVMSG {Room} :half a li";
        await connection.SendAsync(text[.._random.Next(text.Length + 1)]);
        await Delay(_random.Next(50), stop);
        connection.Abort();
    }

    private async Task ReaderAsync(ReadPace pace, CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, pace, tally, stop);
        if (connection is null)
        {
            return;
        }
        // Busy rooms: the honest ones carry a steady stream, so a reader that stalls there falls behind.
        var rooms = string.Join(',', Enumerable.Range(0, settings.HonestRooms).Select(HonestClient.RoomName).Append(Room));
        if (!await connection.SendAsync(Registration(Nick) + $"JOIN {rooms}\r\n"))
        {
            return;
        }
        await Delay(Lifetime(1000, 5000), stop);
        await EndAsync(connection);
    }

    private async Task HalfOpenAsync(CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, ReadPace.Full, tally, stop);
        if (connection is null)
        {
            return;
        }
        switch (_random.Next(4))
        {
            case 0:
                break; // silent: after a moment the server takes it for a plain-text user
            case 1:
                await connection.SendAsync($"NICK {Nick}\r\n"); // never finishes registering
                break;
            case 2:
                await connection.SendAsync($"PRIVMSG {Room} :a line that never ends"); // no line ending
                break;
            default:
                await connection.SendAsync(Registration(Nick) + $"JOIN {Room}\r\n");
                await connection.HalfCloseAsync(); // "no more from me", still reading
                return;
        }
        await Delay(Lifetime(200, 4000), stop);
        if (_random.Next(2) == 0)
        {
            connection.Abort();
        }
        else
        {
            connection.Close();
        }
    }

    private async Task PlainTextAsync(CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, ReadPace.Full, tally, stop);
        if (connection is null)
        {
            return;
        }
        if (!await connection.SendAsync("hello from a terminal\n"))
        {
            return;
        }
        var until = DateTime.UtcNow + Lifetime(300, 3000);
        while (DateTime.UtcNow < until && !stop.IsCancellationRequested)
        {
            var line = _random.Next(6) switch
            {
                0 => $"/join {Room}",
                1 => $"/nick {SharedNick}",
                2 => $"/msg {SharedNick} {Words()}",
                3 => "/who",
                _ => Words(),
            };
            tally.Count(ref tally.Commands);
            if (!await connection.SendAsync(line + "\n"))
            {
                return;
            }
            await Delay(_random.Next(100), stop);
        }
        if (_random.Next(2) == 0)
        {
            await connection.SendAsync("/quit\n");
        }
        connection.Close();
    }

    private async Task FuzzAsync(bool plain, CancellationToken stop)
    {
        await using var connection = await ChaosConnection.OpenAsync(targets.Tcp, _source, ReadPace.Full, tally, stop);
        if (connection is null)
        {
            return;
        }
        var start = plain ? "hi, plain text here\n" : _random.Next(2) == 0 ? Registration(Nick) + $"JOIN {Room}\r\n" : "";
        if (!await connection.SendAsync(start))
        {
            return;
        }
        var until = DateTime.UtcNow + Lifetime(200, 3000);
        while (DateTime.UtcNow < until && !stop.IsCancellationRequested && !connection.ServerClosed)
        {
            var input = _mutator.Next();
            tally.Count(ref tally.FuzzInputs);
            // In a few pieces, so lines are cut across reads as they are on a real network.
            var at = 0;
            while (at < input.Length)
            {
                var length = Math.Min(input.Length - at, 1 + _random.Next(Math.Max(1, input.Length / 2)));
                if (!await connection.SendAsync(input.AsMemory(at, length)))
                {
                    return;
                }
                at += length;
            }
            await Delay(_random.Next(20), stop);
        }
        await EndAsync(connection);
    }

    /// <summary>Ends a connection in one of the ways real clients do.</summary>
    private async Task EndAsync(ChaosConnection connection)
    {
        switch (_random.Next(4))
        {
            case 0:
                await connection.SendAsync("QUIT :bye\r\n");
                connection.Close();
                break;
            case 1:
                connection.Close();
                break;
            case 2:
                connection.Abort();
                break;
            default:
                await connection.HalfCloseAsync();
                break;
        }
    }

    private static async Task Delay(int milliseconds, CancellationToken stop) => await Delay(TimeSpan.FromMilliseconds(milliseconds), stop);

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
