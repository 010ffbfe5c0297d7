using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>Server-wide bans in the <c>server_bans</c> table (migration 3), one row per kind and mask.</summary>
public sealed class SqliteBanStore(SqliteDatabase database) : IBanStore
{
    /// <inheritdoc/>
    public IReadOnlyList<ServerBan> LoadAll()
    {
        using var command = database.Connection.CreateCommand();
        command.CommandText = "SELECT kind, mask, reason, set_by, set_at, expires_at FROM server_bans ORDER BY set_at";
        using var reader = command.ExecuteReader();
        var bans = new List<ServerBan>();
        while (reader.Read())
        {
            bans.Add(new ServerBan(
                KindOf(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return bans;
    }

    /// <inheritdoc/>
    public void Save(ServerBan ban)
    {
        using var command = database.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO server_bans (kind, mask, reason, set_by, set_at, expires_at)
            VALUES ($kind, $mask, $reason, $setBy, $setAt, $expiresAt)
            ON CONFLICT (kind, mask) DO UPDATE SET
                reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at, expires_at = excluded.expires_at
            """;
        command.Parameters.AddWithValue("$kind", LetterOf(ban.Kind));
        command.Parameters.AddWithValue("$mask", ban.Mask);
        command.Parameters.AddWithValue("$reason", ban.Reason);
        command.Parameters.AddWithValue("$setBy", ban.SetBy);
        command.Parameters.AddWithValue("$setAt", ban.SetAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expiresAt", ban.ExpiresAt is { } end ? end.ToUnixTimeMilliseconds() : DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public bool Remove(BanKind kind, string mask)
    {
        using var command = database.Connection.CreateCommand();
        command.CommandText = "DELETE FROM server_bans WHERE kind = $kind AND mask = $mask";
        command.Parameters.AddWithValue("$kind", LetterOf(kind));
        command.Parameters.AddWithValue("$mask", mask);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>The schema, applied as migration 3.</summary>
    internal const string Schema = """
        CREATE TABLE server_bans (
            kind TEXT NOT NULL CHECK (kind IN ('K', 'D')),
            mask TEXT NOT NULL,
            reason TEXT NOT NULL,
            set_by TEXT NOT NULL,
            set_at INTEGER NOT NULL,
            expires_at INTEGER,
            PRIMARY KEY (kind, mask)
        ) WITHOUT ROWID
        """;

    private static string LetterOf(BanKind kind) => kind == BanKind.User ? "K" : "D";

    private static BanKind KindOf(string letter) => letter == "K" ? BanKind.User : BanKind.Address;
}
