namespace Parley.Server.Accounts;

/// <summary>Counts failed logins per key (an account name, an address group) and says how long the next try must wait:
/// nothing for the first few, then 1 s, doubling with each further failure up to a ceiling. A success or an hour
/// without failures forgets the key. Kept in memory: a restart forgives everyone, which is acceptable for slowing
/// guessing down (the hashing cost is the real defence).</summary>
public sealed class FailureLedger(int allowed, TimeSpan maxDelay)
{
    /// <summary>How long a key is remembered after its last failure.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>The most keys kept; past it, keys whose wait is over are dropped first.</summary>
    public const int MaxKeys = 50_000;

    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _entries = new(StringComparer.Ordinal);

    /// <summary>How many keys are remembered.</summary>
    public int Count => _entries.Count;

    /// <summary>How long a try under <paramref name="key"/> must still wait; zero when it may go ahead.</summary>
    public TimeSpan WaitBefore(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }
        if (now - entry.Last > ForgetAfter)
        {
            _entries.Remove(key);
            return TimeSpan.Zero;
        }
        var wait = entry.Last + Delay(entry.Failures) - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Records a failure under <paramref name="key"/>.</summary>
    public void Fail(string key, DateTimeOffset now)
    {
        if (_entries.Count >= MaxKeys && !_entries.ContainsKey(key))
        {
            Sweep(now);
        }
        var failures = _entries.TryGetValue(key, out var entry) && now - entry.Last <= ForgetAfter ? entry.Failures : 0;
        _entries[key] = (failures + 1, now);
    }

    /// <summary>Forgets the failures under <paramref name="key"/> (after a success).</summary>
    public void Succeed(string key) => _entries.Remove(key);

    /// <summary>The wait after <paramref name="failures"/> failures: none up to the allowance, then 1 s doubling.</summary>
    private TimeSpan Delay(int failures)
    {
        if (failures < allowed)
        {
            return TimeSpan.Zero;
        }
        var exponent = Math.Min(failures - allowed, 30);
        var seconds = Math.Min(Math.Pow(2, exponent), maxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.ToList())
        {
            if (entry.Last + Delay(entry.Failures) <= now)
            {
                _entries.Remove(key);
            }
        }
        if (_entries.Count >= MaxKeys)
        {
            // Everyone is waiting: an attack from many keys. Forget the oldest half rather than grow without bound.
            foreach (var key in _entries.OrderBy(e => e.Value.Last).Take(_entries.Count / 2).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }
}
