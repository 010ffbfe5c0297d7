using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;

namespace Parley.Server.Storage;

/// <summary>Keeps history within History:MaxAgeDays and History:MaxMessagesPerTarget. Runs from the hub's timer tick,
/// on the hub's thread, so each run does a bounded amount of work (a chunk of rows, a few targets) and a backlog is
/// worked off over the following seconds instead of in one long stall.</summary>
public sealed class HistoryRetention(HistoryOptions options, IHistoryStore store, ILogger log)
{
    /// <summary>How often a run starts when there is nothing left over from the last one.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The most rows one run deletes for each rule.</summary>
    public const int ChunkRows = 1000;

    /// <summary>The most targets one run checks against the per-target limit.</summary>
    public const int TargetsPerRun = 200;

    private DateTimeOffset _nextRun = DateTimeOffset.MinValue;

    /// <summary>Runs a step of retention if one is due at <paramref name="now"/>; returns how many messages went.</summary>
    public int Tick(DateTimeOffset now)
    {
        if (now < _nextRun || !store.Enabled || (options.MaxAgeDays == 0 && options.MaxMessagesPerTarget == 0))
        {
            return 0;
        }
        var deleted = 0;
        var backlog = false;
        try
        {
            if (options.MaxAgeDays > 0)
            {
                var old = store.DeleteOlderThan(now.AddDays(-options.MaxAgeDays), ChunkRows);
                backlog |= old == ChunkRows;
                deleted += old;
            }
            if (options.MaxMessagesPerTarget > 0)
            {
                var trimmed = store.TrimTargets(options.MaxMessagesPerTarget, TargetsPerRun, ChunkRows);
                backlog |= trimmed == ChunkRows;
                deleted += trimmed;
            }
        }
        catch (SqliteException ex)
        {
            log.LogError(ex, "history retention failed; trying again in {Interval}", Interval);
        }
        // With more to delete, the next tick (a second later) goes on; otherwise wait the interval.
        _nextRun = backlog ? now : now + Interval;
        if (deleted > 0)
        {
            log.LogInformation("history retention deleted {Count} messages", deleted);
        }
        return deleted;
    }
}
