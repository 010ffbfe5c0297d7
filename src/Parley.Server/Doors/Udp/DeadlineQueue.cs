namespace Parley.Server.Doors.Udp;

/// <summary>Something with at most one pending wake-up in a <see cref="DeadlineQueue{T}"/>.</summary>
internal interface IHasDeadline
{
    /// <summary>The wake-up the queue holds for this item, or null. Owned by the queue.</summary>
    long? ScheduledAt { get; set; }
}

/// <summary>The door's timers: a priority queue of wake-ups, earliest first, so one loop can sleep until the earliest
/// deadline of thousands of sessions. Moving a deadline later keeps the earlier wake-up (waking early is harmless: the
/// session's <c>HandleTimeout</c> acts only on what is due, and the item is then scheduled again), so the queue grows
/// only when a deadline moves earlier; the wake-ups left behind are recognised as stale and skipped.</summary>
internal sealed class DeadlineQueue<T>
    where T : class, IHasDeadline
{
    private readonly PriorityQueue<T, long> _queue = new();

    /// <summary>Entries held, stale ones included.</summary>
    public int Count => _queue.Count;

    /// <summary>The earliest wake-up, or null when nothing is scheduled.</summary>
    public long? Next => _queue.TryPeek(out _, out var at) ? at : null;

    /// <summary>Wakes <paramref name="item"/> at <paramref name="deadline"/> (or never, if null) unless an earlier
    /// wake-up is already pending.</summary>
    public void Schedule(T item, long? deadline)
    {
        if (deadline is null)
        {
            item.ScheduledAt = null;
            return;
        }
        if (item.ScheduledAt is { } pending && pending <= deadline)
        {
            return;
        }
        item.ScheduledAt = deadline;
        _queue.Enqueue(item, deadline.Value);
    }

    /// <summary>Takes the next item whose wake-up is due at <paramref name="now"/>.</summary>
    public bool TryTakeDue(long now, out T item)
    {
        while (_queue.TryPeek(out item!, out var at) && at <= now)
        {
            _queue.Dequeue();
            if (item.ScheduledAt == at)
            {
                item.ScheduledAt = null;
                return true;
            }
        }
        item = null!;
        return false;
    }
}
