using System.Net;
using Parley.Server.Doors;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Operator;

/// <summary>Limits password guessing through OPER: each address (an IPv4 address or an IPv6 /64, as connection limits
/// count) may fail <see cref="Burst"/> times at once, then once per <see cref="Interval"/>; and a session has at most one
/// attempt being checked at a time, so nobody can queue up seconds of hashing.</summary>
/// <remarks>Hub thread only. An attempt takes its token when it starts (a slow hash must not let a burst of parallel
/// guesses through) and gives it back when the password was right. GCRA: one timestamp per address, swept when the
/// table grows.</remarks>
internal sealed class OperAttempts
{
    /// <summary>Failures an address may have in a row before it has to wait.</summary>
    public const int Burst = 5;

    /// <summary>How often an address earns one more try after its burst.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(12);

    private const int SweepAtLeast = 256;

    private readonly Dictionary<UInt128, long> _due = [];
    private readonly HashSet<Session> _checking = [];
    private int _sweepAt = SweepAtLeast;

    /// <summary>Starts an attempt, or says why not: another attempt of the session is still being checked, or the
    /// address failed too often (with how long to wait).</summary>
    public string? TryBegin(Session session, DateTimeOffset now)
    {
        if (_checking.Contains(session))
        {
            return "Your previous OPER attempt is still being checked";
        }
        var key = KeyOf(session);
        var ticks = now.UtcTicks;
        var tolerance = (Burst - 1) * Interval.Ticks;
        var due = Math.Max(_due.GetValueOrDefault(key), ticks);
        if (due - ticks > tolerance)
        {
            var wait = TimeSpan.FromTicks(due - ticks - tolerance);
            return $"Too many failed OPER attempts; try again in {Math.Ceiling(wait.TotalSeconds)} seconds";
        }
        SweepIfLarge(ticks);
        _due[key] = due + Interval.Ticks;
        _checking.Add(session);
        return null;
    }

    /// <summary>Ends an attempt; a right password gives its token back.</summary>
    public void End(Session session, bool succeeded)
    {
        _checking.Remove(session);
        if (succeeded && _due.TryGetValue(KeyOf(session), out var due))
        {
            _due[KeyOf(session)] = due - Interval.Ticks;
        }
    }

    /// <summary>Whether an attempt of <paramref name="session"/> is being checked.</summary>
    public bool IsChecking(Session session) => _checking.Contains(session);

    private static UInt128 KeyOf(Session session) => session.Transport.Address is IPAddress address
        ? AdmissionControl.GroupOf(address)
        : (UInt128)1 << 127 | (ulong)session.Id; // no address (a test transport): limit the session alone

    private void SweepIfLarge(long now)
    {
        if (_due.Count < _sweepAt)
        {
            return;
        }
        foreach (var (key, due) in _due)
        {
            if (due <= now)
            {
                _due.Remove(key);
            }
        }
        _sweepAt = Math.Max(SweepAtLeast, _due.Count * 2);
    }
}
