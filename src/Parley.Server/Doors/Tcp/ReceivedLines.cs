using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Tcp;

/// <summary>Every line one read of a TCP connection brought in, carried to the hub as one work item: a busy connection
/// posts once per read rather than once per line, and the items are pooled, so posting allocates nothing.</summary>
/// <remarks>Filled by the connection's reader, then run (and returned to the pool) on the hub's thread.</remarks>
internal sealed class ReceivedLines
{
    /// <summary>Enough for every connection busy at once in the benchmarks; past it, spare items are left to the GC.</summary>
    private const int MaxPooled = 1024;

    private static readonly ConcurrentQueue<ReceivedLines> Pool = new();
    private static int _pooled;

    private readonly Action<ChatHub> _run;
    private ReceivedLine[] _lines = new ReceivedLine[8];
    private int _count;
    private TcpConnection? _connection;

    private ReceivedLines() => _run = Run;

    /// <summary>How many lines are waiting to be posted.</summary>
    public int Count => _count;

    /// <summary>What the lines cost in the receive queue altogether.</summary>
    public long Cost { get; private set; }

    /// <summary>A batch for <paramref name="connection"/>'s next read: a pooled one when there is one.</summary>
    public static ReceivedLines Rent(TcpConnection connection)
    {
        if (Pool.TryDequeue(out var lines))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            lines = new ReceivedLines();
        }
        lines._connection = connection;
        return lines;
    }

    /// <summary>Adds a line; <paramref name="line"/>'s cost counts against the receive queue until the hub takes it.</summary>
    public void Add(in ReceivedLine line)
    {
        if (_count == _lines.Length)
        {
            Array.Resize(ref _lines, _count * 2);
        }
        _lines[_count++] = line;
        Cost += line.Cost;
    }

    /// <summary>The work item that hands every line to the hub, in order.</summary>
    public Action<ChatHub> Work => _run;

    /// <summary>Returns an unused batch to the pool (a read that brought no complete line).</summary>
    public void Return()
    {
        _connection = null;
        Cost = 0;
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    /// <summary>Hands every line to the hub, each counted as a piece of the hub's batch (<see cref="ChatHub.CountWork"/>),
    /// as a work item per line would be: one item of many lines must not stretch a batch to thousands of lines, or a
    /// batch's output to one client could pass its send queue's bound at once.</summary>
    private void Run(ChatHub hub)
    {
        var connection = _connection!;
        for (var i = 0; i < _count; i++)
        {
            try
            {
                connection.Deliver(hub, _lines[i]);
            }
            catch (Exception ex)
            {
                // As the hub's loop does for a work item of its own: one line's failure costs that line only.
                hub.ConnectionLog.LogError(ex, "hub work failed");
            }
            _lines[i] = default;
            try
            {
                hub.CountWork();
            }
            catch (Exception ex)
            {
                hub.ConnectionLog.LogError(ex, "ending a batch of hub work failed");
            }
        }
        _count = 0;
        Return();
    }
}

/// <summary>One line as the reader framed it: an IRC message (with its parse result), a line too long to frame, or a
/// plain-text line (null when it was too long); <see cref="Cost"/> is what it counts against the receive queue.</summary>
internal readonly record struct ReceivedLine(ReceivedLine.Kinds Kind, IrcMessage? Message, IrcParseError Error, string? Text, int Cost)
{
    /// <summary>What a received line is.</summary>
    public enum Kinds : byte
    {
        Irc,
        TooLong,
        Plain,
    }
}
