using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Parley.Bench.Clients;

namespace Parley.Bench.Scenarios;

/// <summary>One client sending numbered PRIVMSGs to one target. The text is "ID SEQ TIMESTAMP [padding]": the sender's
/// number, the message's sequence number from 0, and the Stopwatch timestamp when it was sent, so every receiver can
/// check order and completeness per sender and measure latency.</summary>
/// <remarks>At most <c>window</c> messages are in flight: sent but not yet acknowledged by the witness, a fixed receiver
/// that calls <see cref="Acknowledge"/> when it reads one. Messages go out in batches: the sender waits until a quarter
/// of the window is free and writes that many lines with one send.</remarks>
internal sealed class MessageSender
{
    private readonly byte[] _prefix;
    private readonly int _messages;
    private readonly int _window;
    private readonly int _refill;
    private readonly int _payload;
    private readonly object _gate = new();
    private long _sent;
    private long _acknowledged;
    private TaskCompletionSource? _waiter;
    private long _wantFree;

    /// <summary>A sender of <paramref name="messages"/> messages from <paramref name="client"/> to <paramref name="target"/>.</summary>
    public MessageSender(BenchClient client, int id, string target, int messages, int window, int payloadBytes)
    {
        Client = client;
        Id = id;
        _prefix = Encoding.ASCII.GetBytes($"PRIVMSG {target} :");
        _messages = messages;
        _window = Math.Max(1, window);
        _refill = Math.Max(1, _window / 4);
        _payload = payloadBytes;
    }

    /// <summary>The client that sends.</summary>
    public BenchClient Client { get; }

    /// <summary>The number written first in every message.</summary>
    public int Id { get; }

    /// <summary>Messages sent so far.</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>The witness read message <paramref name="sequence"/>: it and all before it are no longer in flight.</summary>
    public void Acknowledge(long sequence)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (sequence + 1 > _acknowledged)
            {
                _acknowledged = sequence + 1;
            }
            if (_waiter is not null && _window - (_sent - _acknowledged) >= _wantFree)
            {
                wake = _waiter;
                _waiter = null;
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>Sends every message as fast as the window allows.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        var buffer = new byte[Math.Min(_window, _messages) * LineLength()];
        while (true)
        {
            var batch = await TakeWindowAsync(_refill, cancel);
            if (batch == 0)
            {
                return;
            }
            var first = Volatile.Read(ref _sent) - batch;
            var length = Format(buffer, first, batch);
            await Client.SendAsync(buffer.AsMemory(0, length), cancel);
        }
    }

    /// <summary>Sends one message every 1/<paramref name="rate"/> seconds, starting after <paramref name="offset"/>
    /// (spreads the senders over one period), still within the window.</summary>
    public async Task RunPacedAsync(double rate, TimeSpan offset, CancellationToken cancel)
    {
        var buffer = new byte[LineLength()];
        var start = Stopwatch.GetTimestamp() + (long)(offset.TotalSeconds * Stopwatch.Frequency);
        var interval = Stopwatch.Frequency / rate;
        for (var i = 0; i < _messages; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancel);
            }
            if (await TakeWindowAsync(1, cancel, most: 1) == 0)
            {
                return;
            }
            var length = Format(buffer, i, 1);
            await Client.SendAsync(buffer.AsMemory(0, length), cancel);
        }
    }

    /// <summary>Waits until at least <paramref name="least"/> messages may be sent (fewer at the end), claims up to
    /// <paramref name="most"/> of the free window and returns how many; 0 when all are sent.</summary>
    private async Task<int> TakeWindowAsync(int least, CancellationToken cancel, int most = int.MaxValue)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                var left = _messages - _sent;
                if (left == 0)
                {
                    return 0;
                }
                var free = _window - (_sent - _acknowledged);
                var need = Math.Min(least, left);
                if (free >= need)
                {
                    var batch = (int)Math.Min(Math.Min(free, left), most);
                    _sent += batch;
                    return batch;
                }
                _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _wantFree = need;
                wait = _waiter.Task;
            }
            await wait.WaitAsync(cancel);
        }
    }

    // "PRIVMSG target :" + id + 3 numbers of up to 20 digits with spaces + padding + CR LF.
    private int LineLength() => _prefix.Length + 11 + 2 * 21 + 1 + _payload + 2;

    /// <summary>Writes messages <paramref name="first"/>.. (<paramref name="count"/> of them) into <paramref name="buffer"/>,
    /// all stamped with the current time, and returns the bytes written.</summary>
    private int Format(byte[] buffer, long first, int count)
    {
        var now = Stopwatch.GetTimestamp();
        var span = buffer.AsSpan();
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            _prefix.CopyTo(span[at..]);
            at += _prefix.Length;
            var textStart = at;
            Utf8Formatter.TryFormat(Id, span[at..], out var n);
            at += n;
            span[at++] = (byte)' ';
            Utf8Formatter.TryFormat(first + i, span[at..], out n);
            at += n;
            span[at++] = (byte)' ';
            Utf8Formatter.TryFormat(now, span[at..], out n);
            at += n;
            var pad = _payload - (at - textStart) - 1;
            if (pad > 0)
            {
                span[at++] = (byte)' ';
                span.Slice(at, pad).Fill((byte)'x');
                at += pad;
            }
            span[at++] = (byte)'\r';
            span[at++] = (byte)'\n';
        }
        return at;
    }
}
