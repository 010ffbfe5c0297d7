namespace Parley.Server.Doors.Udp;

/// <summary>Connection ids of sessions that ended lately. A retry cookie stays valid for up to 20 s, so without this a
/// replayed INITIAL could open a second session under an id that just closed; ids here are refused until the
/// cookies that could name them have expired. Bounded: past its capacity the oldest ids are forgotten first.</summary>
internal sealed class RecentlyClosedIds(int capacity, long lifetimeMicros)
{
    private readonly Dictionary<ulong, long> _closedAt = [];
    private readonly Queue<(ulong Id, long ClosedAt)> _byAge = new();

    /// <summary>Ids remembered.</summary>
    public int Count => _closedAt.Count;

    /// <summary>Remembers that <paramref name="id"/> closed at <paramref name="now"/>.</summary>
    public void Add(ulong id, long now)
    {
        _closedAt[id] = now;
        _byAge.Enqueue((id, now));
        while (_closedAt.Count > capacity && _byAge.TryDequeue(out var oldest))
        {
            RemoveIfCurrent(oldest.Id, oldest.ClosedAt);
        }
    }

    /// <summary>Whether <paramref name="id"/> closed less than the lifetime ago.</summary>
    public bool Contains(ulong id, long now) => _closedAt.TryGetValue(id, out var at) && now - at < lifetimeMicros;

    /// <summary>Forgets ids older than the lifetime.</summary>
    public void Sweep(long now)
    {
        while (_byAge.TryPeek(out var oldest) && now - oldest.ClosedAt >= lifetimeMicros)
        {
            _byAge.Dequeue();
            RemoveIfCurrent(oldest.Id, oldest.ClosedAt);
        }
    }

    private void RemoveIfCurrent(ulong id, long closedAt)
    {
        if (_closedAt.TryGetValue(id, out var at) && at == closedAt)
        {
            _closedAt.Remove(id);
        }
    }
}
