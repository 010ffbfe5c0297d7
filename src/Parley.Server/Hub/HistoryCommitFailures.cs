using Microsoft.Extensions.Logging;
using Parley.Server.Storage;

namespace Parley.Server.Hub;

/// <summary>Says, loudly but not once per batch, that history cannot be stored and output is held back; and says when it
/// recovers.</summary>
internal sealed class HistoryCommitFailures(ILogger log, TimeProvider time)
{
    /// <summary>How often a failure that goes on is repeated in the log.</summary>
    public static readonly TimeSpan Reminder = TimeSpan.FromSeconds(10);

    private DateTimeOffset? _since;
    private DateTimeOffset _lastSaid;

    /// <summary>Whether commits are failing now.</summary>
    public bool Failing => _since is not null;

    public void Failed(HistoryCommitException error, int heldConnections)
    {
        var now = time.GetUtcNow();
        if (_since is null)
        {
            _since = now;
            _lastSaid = now;
            log.LogCritical(error, "history commit failed, holding back all output until it succeeds ({Held} connections waiting): {Reason}",
                heldConnections, error.Message);
        }
        else if (now - _lastSaid >= Reminder)
        {
            _lastSaid = now;
            log.LogCritical("history commit still failing after {Seconds:F0} s, output held back ({Held} connections waiting): {Reason}",
                (now - _since.Value).TotalSeconds, heldConnections, error.Message);
        }
    }

    public void Succeeded()
    {
        if (_since is { } since)
        {
            log.LogWarning("history commit succeeded again after {Seconds:F1} s; held output is released", (time.GetUtcNow() - since).TotalSeconds);
            _since = null;
        }
    }
}
