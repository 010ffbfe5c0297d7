using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>What history is read for (CHATHISTORY, replay on join) and how it is kept within its bounds (retention,
/// redaction). Every query is a range of an index: (target, time, id) for a target's messages, the first-party prefix
/// of messages_by_target and the second-party index for a nick's conversations.</summary>
public sealed partial class SqliteHistoryStore
{
    /// <summary>The kinds of message queries return: what a client without draft/event-playback may be sent.</summary>
    private const string TextKinds = "command IN ('PRIVMSG', 'NOTICE')";

    /// <summary>Where the last <see cref="TrimTargets"/> call stopped (the last target it visited).</summary>
    private string _trimCursor = string.Empty;

    /// <inheritdoc/>
    public HistoryPosition? Locate(string target, string msgid)
    {
        using var query = _database.Connection.CreateCommand();
        query.CommandText = "SELECT time, id FROM messages WHERE msgid = $msgid AND target = $target";
        query.Parameters.AddWithValue("$msgid", msgid);
        query.Parameters.AddWithValue("$target", target);
        using var reader = query.ExecuteReader();
        return reader.Read()
            ? new HistoryPosition(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1))
            : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<HistoryEntry> Range(string target, HistoryPosition? after, HistoryPosition? before, int limit, bool newest)
    {
        var result = new List<HistoryEntry>();
        if (limit <= 0)
        {
            return result;
        }
        using var query = _database.Connection.CreateCommand();
        var where = new System.Text.StringBuilder($"target = $target AND {TextKinds}");
        query.Parameters.AddWithValue("$target", target);
        if (after is { } a)
        {
            where.Append(a.Order is null ? " AND time > $after_time" : " AND (time, id) > ($after_time, $after_id)");
            query.Parameters.AddWithValue("$after_time", a.Time.ToUnixTimeMilliseconds());
            query.Parameters.AddWithValue("$after_id", a.Order ?? 0);
        }
        if (before is { } b)
        {
            where.Append(b.Order is null ? " AND time < $before_time" : " AND (time, id) < ($before_time, $before_id)");
            query.Parameters.AddWithValue("$before_time", b.Time.ToUnixTimeMilliseconds());
            query.Parameters.AddWithValue("$before_id", b.Order ?? 0);
        }
        var direction = newest ? "DESC" : "ASC";
        query.CommandText = $"SELECT {Columns} FROM messages WHERE {where} ORDER BY time {direction}, id {direction} LIMIT $limit";
        query.Parameters.AddWithValue("$limit", limit);
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                result.Add(Read(reader));
            }
        }
        if (newest)
        {
            result.Reverse();
        }
        return result;
    }

    /// <inheritdoc/>
    public HistoryEntry? Newest(string target) => Range(target, null, null, 1, newest: true) is [var entry] ? entry : null;

    /// <inheritdoc/>
    public IReadOnlyList<HistoryEntry> Conversations(string nick)
    {
        // The key is "a b" with a <= b: conversations where the nick is first share the prefix "nick ", those where it
        // is second end in " nick" (found through messages_by_second_party). Nicks hold no spaces or '!'.
        var targets = new List<string>();
        using (var query = _database.Connection.CreateCommand())
        {
            query.CommandText = """
                SELECT DISTINCT target FROM messages WHERE target >= $first AND target < $end
                UNION
                SELECT DISTINCT target FROM messages
                    WHERE substr(target, instr(target, ' ') + 1) = $nick AND instr(target, ' ') > 0
                """;
            query.Parameters.AddWithValue("$first", nick + " ");
            query.Parameters.AddWithValue("$end", nick + "!");
            query.Parameters.AddWithValue("$nick", nick);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                targets.Add(reader.GetString(0));
            }
        }
        var result = new List<HistoryEntry>(targets.Count);
        foreach (var target in targets)
        {
            if (Newest(target) is { } entry)
            {
                result.Add(entry);
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public HistoryEntry? Find(string target, string msgid)
    {
        foreach (var entry in _pending)
        {
            if (entry.MsgId == msgid && entry.Target == target)
            {
                return entry;
            }
        }
        using var query = _database.Connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM messages WHERE msgid = $msgid AND target = $target";
        query.Parameters.AddWithValue("$msgid", msgid);
        query.Parameters.AddWithValue("$target", target);
        using var reader = query.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public bool Delete(string target, string msgid)
    {
        // A message redacted in the same hub batch it was sent in has not reached the table yet.
        if (_pending.RemoveAll(e => e.MsgId == msgid && e.Target == target) > 0)
        {
            return true;
        }
        using var delete = _database.Connection.CreateCommand();
        delete.CommandText = "DELETE FROM messages WHERE msgid = $msgid AND target = $target";
        delete.Parameters.AddWithValue("$msgid", msgid);
        delete.Parameters.AddWithValue("$target", target);
        return delete.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc/>
    public int DeleteOlderThan(DateTimeOffset cutoff, int maxRows)
    {
        // Rows are walked in id order, which is the order they were relayed in and so (clock steps aside) time order:
        // the walk stops at the first young message instead of scanning the whole table for old ones.
        long? last = null;
        using (var query = _database.Connection.CreateCommand())
        {
            query.CommandText = "SELECT id, time FROM messages ORDER BY id LIMIT $limit";
            query.Parameters.AddWithValue("$limit", maxRows);
            using var reader = query.ExecuteReader();
            var limit = cutoff.ToUnixTimeMilliseconds();
            while (reader.Read() && reader.GetInt64(1) < limit)
            {
                last = reader.GetInt64(0);
            }
        }
        return last is { } through ? Execute("DELETE FROM messages WHERE id <= $id", ("$id", through)) : 0;
    }

    /// <inheritdoc/>
    public int TrimTargets(int keep, int maxTargets, int maxRows)
    {
        var deleted = 0;
        for (var visited = 0; visited < maxTargets && deleted < maxRows; visited++)
        {
            var target = NextTarget(_trimCursor) ?? (_trimCursor.Length > 0 ? NextTarget(string.Empty) : null);
            if (target is null)
            {
                break; // no messages at all
            }
            _trimCursor = target;
            // The id of the newest message past the ones to keep: it and everything older in the target go.
            using var query = _database.Connection.CreateCommand();
            query.CommandText = "SELECT id FROM messages WHERE target = $target ORDER BY id DESC LIMIT 1 OFFSET $keep";
            query.Parameters.AddWithValue("$target", target);
            query.Parameters.AddWithValue("$keep", keep);
            if (query.ExecuteScalar() is long through)
            {
                deleted += Execute(
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE target = $target AND id <= $id ORDER BY id LIMIT $limit)",
                    ("$target", target), ("$id", through), ("$limit", maxRows - deleted));
            }
        }
        return deleted;
    }

    /// <summary>The first target after <paramref name="after"/> in key order (one index seek), or null.</summary>
    private string? NextTarget(string after)
    {
        using var query = _database.Connection.CreateCommand();
        query.CommandText = "SELECT target FROM messages WHERE target > $after ORDER BY target LIMIT 1";
        query.Parameters.AddWithValue("$after", after);
        return query.ExecuteScalar() as string;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _database.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteNonQuery();
    }
}
