using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>History in the server's SQLite database (schema step 1): appended rows wait in memory until the hub's batch
/// ends, then go in with one transaction.</summary>
public sealed partial class SqliteHistoryStore : IHistoryStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly List<HistoryEntry> _pending = [];
    private readonly SqliteCommand _insert;

    /// <summary>A store over <paramref name="database"/>.</summary>
    public SqliteHistoryStore(SqliteDatabase database, bool enabled = true)
    {
        _database = database;
        Enabled = enabled;
        _insert = database.Connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO messages (msgid, time, target, sender, account, command, recipient, text, tags)
            VALUES ($msgid, $time, $target, $sender, $account, $command, $recipient, $text, $tags)
            """;
        foreach (var name in (string[])["$msgid", "$time", "$target", "$sender", "$account", "$command", "$recipient", "$text", "$tags"])
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    /// <inheritdoc/>
    public bool Enabled { get; }

    /// <summary>How many entries wait for the next commit.</summary>
    public int PendingCount => _pending.Count;

    /// <inheritdoc/>
    public void Append(HistoryEntry entry)
    {
        if (Enabled)
        {
            _pending.Add(entry);
        }
    }

    /// <inheritdoc/>
    public void Commit()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        try
        {
            using var transaction = _database.Connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var entry in _pending)
            {
                Insert(entry);
            }
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            // Rolled back: the rows stay pending for the next try, and the caller must not let their batch out.
            throw new HistoryCommitException($"{_pending.Count} messages could not be stored in {_database.Description}: {ex.Message}", ex);
        }
        finally
        {
            _insert.Transaction = null;
        }
        _pending.Clear();
    }

    /// <summary>The one INSERT of a history row: a new column goes here and in <see cref="Columns"/>.</summary>
    private void Insert(HistoryEntry entry)
    {
        var p = _insert.Parameters;
        p[0].Value = entry.MsgId;
        p[1].Value = entry.Time.ToUnixTimeMilliseconds();
        p[2].Value = entry.Target;
        p[3].Value = entry.Sender;
        p[4].Value = (object?)entry.Account ?? DBNull.Value;
        p[5].Value = entry.Command;
        p[6].Value = entry.To;
        p[7].Value = (object?)entry.Text ?? DBNull.Value;
        p[8].Value = entry.ClientTags;
        _insert.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IReadOnlyList<HistoryEntry> Latest(string target, int limit)
    {
        var result = new List<HistoryEntry>(limit);
        using (var query = _database.Connection.CreateCommand())
        {
            query.CommandText = $"SELECT {Columns} FROM messages WHERE target = $target ORDER BY id DESC LIMIT $limit";
            query.Parameters.AddWithValue("$target", target);
            query.Parameters.AddWithValue("$limit", limit);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                result.Add(Read(reader));
            }
        }
        result.Reverse();
        foreach (var entry in _pending)
        {
            if (entry.Target == target)
            {
                result.Add(entry);
            }
        }
        return result.Count > limit ? result[^limit..] : result;
    }

    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    private const string Columns = "msgid, time, target, sender, account, command, recipient, text, tags";

    private static HistoryEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetString(8));

    /// <summary>Releases the prepared statement.</summary>
    public void Dispose() => _insert.Dispose();
}
