using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>Copies the write-ahead log back into the database file from a thread of its own, so the hub's commits never
/// do it.</summary>
/// <remarks>By default SQLite checkpoints inside whichever commit pushes the log past 1,000 pages: that commit then writes
/// and syncs the database file, a stall of the whole hub. The hub's connection turns that off (wal_autocheckpoint=0) and this thread runs a PASSIVE checkpoint every
/// <see cref="Interval"/>: it never blocks the writer, which keeps appending to the log while it runs.</remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>How often the log is copied back.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly SqliteConnection _connection;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    public WalCheckpointer(SqliteConnection connection)
    {
        _connection = connection;
        _thread = new Thread(Run) { IsBackground = true, Name = "parley-checkpoint" };
        _thread.Start();
    }

    private void Run()
    {
        using var checkpoint = _connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stop.Wait(Interval))
        {
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or out of space: the log simply grows until the next try; commits are unaffected.
            }
        }
    }

    /// <summary>Stops the thread and closes its connection (closing the last connection checkpoints the log fully).</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
    }
}
