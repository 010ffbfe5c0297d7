namespace Parley.Server.Doors.Tcp;

/// <summary>Times how long a connection has kept a line open without ending it (the slowloris attack: a few bytes now
/// and then, never a line ending, to hold a connection for free). When the time is up it cancels the pending read, so a
/// peer that went silent mid-line is caught as well as one that trickles bytes.</summary>
/// <remarks>Used by one reader at a time; the timer callback (given <paramref name="reader"/>, so that a static callback
/// needs no delegate per connection) only cancels the read. A watch with a zero timeout never
/// expires.</remarks>
internal sealed class PartialLineWatch(TimeSpan timeout, TimerCallback cancelRead, object reader) : IDisposable
{
    private Timer? _timer;
    private long _since = -1;

    /// <summary>Whether an unterminated line is being timed (so the timer may cancel the read).</summary>
    public bool IsTiming => _since >= 0;

    /// <summary>Whether the unterminated line has been open for the whole timeout.</summary>
    public bool Expired => _since >= 0 && Environment.TickCount64 - _since >= (long)timeout.TotalMilliseconds;

    /// <summary>Tells the watch what the last read left: whether an unterminated line remains, and whether a line was
    /// ended in that read (so what remains is a new line, whose time starts now).</summary>
    public void Update(bool partial, bool lineEnded)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }
        if (!partial)
        {
            if (_since >= 0)
            {
                _since = -1;
                _timer?.Change(Timeout.Infinite, Timeout.Infinite);
            }
            return;
        }
        var now = Environment.TickCount64;
        if (_since < 0 || lineEnded)
        {
            _since = now;
        }
        // Armed for what is left each time (at least a millisecond), so a timer that fired a little early is set again.
        var left = Math.Max(1, (long)timeout.TotalMilliseconds - (now - _since));
        _timer ??= new Timer(cancelRead, reader, Timeout.Infinite, Timeout.Infinite);
        _timer.Change(left, Timeout.Infinite);
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();
}
