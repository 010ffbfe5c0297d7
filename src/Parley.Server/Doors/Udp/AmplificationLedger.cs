using System.Net;
using Parley.Protocol.Udp.Handshake;

namespace Parley.Server.Doors.Udp;

/// <summary>The plain-text path's amplification ledger: one <see cref="AmplificationLimit"/> per source address and
/// port that has not proved itself yet, in a table of bounded size whose oldest entries are evicted first and whose
/// entries expire. Forgetting an entry starts it again at zero bytes received, so the server only ever gets quieter
/// (docs/udp-protocol.md, "Plain text over UDP").</summary>
internal sealed class AmplificationLedger(int capacity, long lifetimeMicros)
{
    private sealed class Entry(long createdAt)
    {
        public AmplificationLimit Limit { get; } = new();

        public long CreatedAt { get; } = createdAt;
    }

    private readonly Dictionary<IPEndPoint, Entry> _entries = [];
    private readonly Queue<(IPEndPoint Key, Entry Entry)> _byAge = new();

    /// <summary>Addresses in the table.</summary>
    public int Count => _entries.Count;

    /// <summary>The ledger of <paramref name="peer"/>, a fresh one if it had none or it expired.</summary>
    public AmplificationLimit For(IPEndPoint peer, long now)
    {
        if (_entries.TryGetValue(peer, out var entry) && now - entry.CreatedAt < lifetimeMicros)
        {
            return entry.Limit;
        }
        entry = new Entry(now);
        _entries[peer] = entry;
        _byAge.Enqueue((peer, entry));
        while (_entries.Count > capacity && _byAge.TryDequeue(out var oldest))
        {
            RemoveIfCurrent(oldest.Key, oldest.Entry);
        }
        return entry.Limit;
    }

    /// <summary>Drops the ledger of a peer that proved its address.</summary>
    public void Forget(IPEndPoint peer) => _entries.Remove(peer);

    /// <summary>Drops expired entries (they are in age order, so only the front is looked at).</summary>
    public void Sweep(long now)
    {
        while (_byAge.TryPeek(out var oldest) && now - oldest.Entry.CreatedAt >= lifetimeMicros)
        {
            _byAge.Dequeue();
            RemoveIfCurrent(oldest.Key, oldest.Entry);
        }
    }

    private void RemoveIfCurrent(IPEndPoint key, Entry entry)
    {
        // The queue may still name an entry that was forgotten or replaced since; only the live one is removed.
        if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(key);
        }
    }
}
