using System.Text;
using BenchmarkDotNet.Attributes;

namespace Parley.MicroBench;

/// <summary>The steady-state hot path: one PRIVMSG line, as read off a socket, parsed, dispatched through the command
/// table, stamped, encoded once per capability set and queued to every other member of the room, then the batch ends
/// (one flush per recipient). What is allocated per operation must not grow with the room.</summary>
[MemoryDiagnoser]
public class RoomFanoutBenchmarks
{
    private static readonly byte[] Line = Encoding.UTF8.GetBytes("PRIVMSG #bench :hello everyone, this is a message of ordinary length");
    private BenchRoom _room = null!;

    /// <summary>Members of the room, the sender included.</summary>
    [Params(10, 100, 1000)]
    public int Members { get; set; }

    /// <summary>Whether the hub keeps room messages in history: one row per message, committed at the end of the batch
    /// (here every operation is a batch of its own, as on a quiet server; a busy one commits many messages at once).</summary>
    [Params(false, true)]
    public bool History { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _room = new BenchRoom(Members, History);
        PrivmsgToRoom();
        // A benchmark of a room nobody receives in would measure nothing: every member but the sender got the line.
        var received = _room.Transports.Skip(1).Count(t => t.Messages > 0 && t.Flushes > 0);
        if (received != Members - 1 || _room.Transports[0].Messages != 0)
        {
            throw new InvalidOperationException($"{received} of {Members - 1} members received the message");
        }
    }

    [Benchmark]
    public void PrivmsgToRoom()
    {
        _room.Receive(_room.Sender, Line);
        _room.Hub.EndOfBatch();
    }
}
