using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>One session's place in flood control; read and written on the hub's thread only.</summary>
internal sealed class FloodState
{
    /// <summary>The token bucket, kept as one timestamp in ticks (the "theoretical arrival time" of GCRA): each command
    /// pushes it one interval on; the bucket is empty while it runs further ahead of now than the burst allows.</summary>
    public long Due;

    /// <summary>Commands waiting for their turn, oldest first, each marked when it is free (a line of a multiline
    /// batch); null until the session first has to wait.</summary>
    public Queue<(Action<ChatHub> Work, bool Free)>? Waiting;

    /// <summary>How many of the waiting commands count against the queue's bound (the ones not free).</summary>
    public int WaitingCounted;

    /// <summary>Whether the session's address is in Limits:Exempt.</summary>
    public bool Exempt;

    /// <summary>The reference of the multiline batch the client last opened and has not closed, as seen in the order
    /// its lines arrive (the opening may itself still be waiting); null when none.</summary>
    public string? BatchReference;

    /// <summary>How many lines of that batch came in free so far.</summary>
    public int BatchLines;
}

/// <summary>Flood control for every session: a burst of commands runs at once, then a steady rate; commands past it wait
/// in the session's queue and run when their turn comes (a timer posted to the hub's loop, and every tick); a queue over
/// its bound ends the session with "Excess Flood". IRC operators and Limits:Exempt addresses are not counted.</summary>
/// <remarks>The hub never blocks: a command that must wait is queued, not slept on. Checking a command costs a few
/// integer operations and no allocation; only a session that has to wait gets a queue (and each waiting command its
/// closure). A multiline batch (draft/multiline) counts as its opening and its closing: the lines between are free up
/// to the batch's own limit of lines, so a client may paste a long message at once.</remarks>
internal sealed class FloodControl
{
    private readonly ChatHub _hub;
    private readonly long _interval;
    private readonly long _tolerance;
    private readonly long _registrationTolerance;
    private readonly int _queueLimit;
    private readonly List<Session> _waiting = [];
    private ITimer? _timer;
    private long _timerDue = long.MaxValue;

    public FloodControl(ChatHub hub)
    {
        _hub = hub;
        var limits = hub.Options.Limits;
        _interval = limits.FloodCommandsPerSecond > 0 ? Math.Max(1, (long)(TimeSpan.TicksPerSecond / limits.FloodCommandsPerSecond)) : 0;
        _tolerance = (Math.Max(1, limits.FloodBurst) - 1) * _interval;
        _registrationTolerance = (Math.Max(1, limits.FloodRegistrationBurst) - 1) * _interval;
        _queueLimit = limits.FloodQueueCommands;
    }

    /// <summary>How many sessions have commands waiting.</summary>
    public int WaitingSessions => _waiting.Count;

    /// <summary>Whether a command from <paramref name="session"/> may run now; if so it is counted. False when the
    /// session is out of tokens or already has commands waiting (which must run first). <paramref name="free"/>: the
    /// command costs no token (see <see cref="IsBatchLine"/>).</summary>
    public bool TryTake(Session session, long now, bool free = false)
    {
        var state = session.Flood;
        if (state.Waiting is { Count: > 0 })
        {
            return false;
        }
        return free || IsFree(session) || TryTakeToken(session, now);
    }

    /// <summary>Whether <paramref name="message"/> is a line inside the multiline batch the client has open (and within
    /// the batch's limit of lines), which costs no token. Follows BATCH openings and closings in the order they arrive,
    /// so it must see every message of a session that negotiated draft/multiline, once, as it comes in.</summary>
    public static bool IsBatchLine(Session session, IrcMessage message)
    {
        if (!session.Has(Capability.Multiline))
        {
            return false;
        }
        var state = session.Flood;
        if (message.Command.Equals("BATCH", StringComparison.OrdinalIgnoreCase) && message.Param(0) is { Length: > 1 } reference)
        {
            if (reference[0] == '+')
            {
                state.BatchReference = reference[1..];
                state.BatchLines = 0;
            }
            else if (reference[0] == '-' && reference.AsSpan(1).SequenceEqual(state.BatchReference))
            {
                state.BatchReference = null;
            }
            return false; // the opening and the closing are commands like any other
        }
        if (state.BatchReference is { } open && state.BatchLines <= ServerSupport.MultilineMaxLines && message.Tag("batch") == open)
        {
            state.BatchLines++;
            return true;
        }
        return false;
    }

    /// <summary>Queues <paramref name="work"/> until the session's turn; a session with a full queue is closed instead.
    /// Free commands (batch lines) wait in order but do not count against the bound.</summary>
    public void Wait(Session session, Action<ChatHub> work, bool free = false)
    {
        var state = session.Flood;
        var queue = state.Waiting ??= new Queue<(Action<ChatHub>, bool)>();
        if (!free && state.WaitingCounted >= _queueLimit)
        {
            queue.Clear();
            state.WaitingCounted = 0;
            _hub.CloseWithError(session, "Excess Flood");
            return;
        }
        queue.Enqueue((work, free));
        if (!free)
        {
            state.WaitingCounted++;
        }
        if (queue.Count == 1)
        {
            _waiting.Add(session);
            Schedule(NextTurn(session));
        }
    }

    /// <summary>Starts the session's registered life with a full bucket.</summary>
    public static void Registered(Session session) => session.Flood.Due = 0;

    /// <summary>Runs every waiting command whose turn has come, oldest first per session, and sets the timer for the next.</summary>
    public void Release(long now)
    {
        var next = long.MaxValue;
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var session = _waiting[i];
            var state = session.Flood;
            var queue = state.Waiting!;
            while (queue.Count > 0 && !session.IsClosing && (queue.Peek().Free || IsFree(session) || TryTakeToken(session, now)))
            {
                var (work, free) = queue.Dequeue();
                if (!free)
                {
                    state.WaitingCounted--;
                }
                work(_hub);
            }
            if (queue.Count == 0 || session.IsClosing)
            {
                queue.Clear();
                state.WaitingCounted = 0;
                _waiting[i] = _waiting[^1];
                _waiting.RemoveAt(_waiting.Count - 1);
                continue;
            }
            next = Math.Min(next, NextTurn(session));
        }
        _timerDue = long.MaxValue;
        Schedule(next);
    }

    private bool IsFree(Session session) => _interval == 0 || session.Flood.Exempt || session.IsOperator;

    private bool TryTakeToken(Session session, long now)
    {
        var state = session.Flood;
        var due = Math.Max(state.Due, now);
        if (due - now > Tolerance(session))
        {
            return false;
        }
        state.Due = due + _interval;
        return true;
    }

    private long Tolerance(Session session) => session.IsRegistered ? _tolerance : _registrationTolerance;

    /// <summary>When the session's next command may run.</summary>
    private long NextTurn(Session session) => session.Flood.Due - Tolerance(session);

    /// <summary>Arms the release timer for <paramref name="due"/> unless it is already set to go off sooner. Without a
    /// loop to post to (a hub driven by hand), the hub's tick releases waiting commands instead.</summary>
    private void Schedule(long due)
    {
        if (due == long.MaxValue || due >= _timerDue || _hub.Post is not { } post)
        {
            return;
        }
        _timerDue = due;
        var delay = TimeSpan.FromTicks(Math.Max(0, due - _hub.Time.GetUtcNow().UtcTicks));
        if (_timer is null)
        {
            _timer = _hub.Time.CreateTimer(_ => post(hub => hub.ReleaseWaiting()), null, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }
}
