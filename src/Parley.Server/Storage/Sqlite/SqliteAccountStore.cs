using Microsoft.Data.Sqlite;
using Parley.Protocol.Irc;
using Parley.Server.Accounts;

namespace Parley.Server.Storage.Sqlite;

/// <summary>Accounts in the server's SQLite database (schema version 2). Uses the hub thread's connection: every
/// statement is one indexed row.</summary>
public sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    /// <summary>The tables (migration 2). <c>name_key</c> is the casefolded name, so lookups ignore case the way nicks do;
    /// a fingerprint belongs to at most one account.</summary>
    internal const string Schema = """
        CREATE TABLE accounts (
            name_key      TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            email         TEXT,
            salt          BLOB NOT NULL,
            iterations    INTEGER NOT NULL,
            stored_key    BLOB NOT NULL,
            server_key    BLOB NOT NULL,
            registered_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE account_certificates (
            fingerprint TEXT PRIMARY KEY,
            account_key TEXT NOT NULL REFERENCES accounts(name_key) ON DELETE CASCADE,
            added_at    INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX account_certificates_by_account ON account_certificates(account_key);
        """;

    /// <inheritdoc/>
    public AccountRecord? Find(string name)
    {
        using var command = Command(
            "SELECT name, email, salt, iterations, stored_key, server_key, registered_at FROM accounts WHERE name_key = $key",
            ("$key", Key(name)));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var credentials = new PasswordCredentials(
            (byte[])reader["salt"], reader.GetInt32(3), (byte[])reader["stored_key"], (byte[])reader["server_key"]);
        return new AccountRecord(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            credentials,
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)));
    }

    /// <inheritdoc/>
    public bool TryCreate(AccountRecord account)
    {
        var c = account.Credentials;
        using var command = Command(
            """
            INSERT INTO accounts (name_key, name, email, salt, iterations, stored_key, server_key, registered_at)
            VALUES ($key, $name, $email, $salt, $iterations, $stored, $server, $at) ON CONFLICT DO NOTHING
            """,
            ("$key", Key(account.Name)), ("$name", account.Name), ("$email", (object?)account.Email ?? DBNull.Value),
            ("$salt", c.Salt), ("$iterations", c.Iterations), ("$stored", c.StoredKey), ("$server", c.ServerKey),
            ("$at", account.RegisteredAt.ToUnixTimeSeconds()));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public bool UpdateCredentials(string name, PasswordCredentials credentials)
    {
        using var command = Command(
            "UPDATE accounts SET salt = $salt, iterations = $iterations, stored_key = $stored, server_key = $server WHERE name_key = $key",
            ("$key", Key(name)), ("$salt", credentials.Salt), ("$iterations", credentials.Iterations),
            ("$stored", credentials.StoredKey), ("$server", credentials.ServerKey));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public bool Delete(string name)
    {
        using var command = Command("DELETE FROM accounts WHERE name_key = $key", ("$key", Key(name)));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Fingerprints(string name)
    {
        using var command = Command(
            "SELECT fingerprint FROM account_certificates WHERE account_key = $key ORDER BY added_at, fingerprint",
            ("$key", Key(name)));
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    /// <inheritdoc/>
    public bool AddFingerprint(string name, string fingerprint)
    {
        using var command = Command(
            """
            INSERT INTO account_certificates (fingerprint, account_key, added_at)
            SELECT $fingerprint, name_key, $at FROM accounts WHERE name_key = $key ON CONFLICT DO NOTHING
            """,
            ("$fingerprint", fingerprint), ("$key", Key(name)), ("$at", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public bool RemoveFingerprint(string name, string fingerprint)
    {
        using var command = Command(
            "DELETE FROM account_certificates WHERE fingerprint = $fingerprint AND account_key = $key",
            ("$fingerprint", fingerprint), ("$key", Key(name)));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    public string? FindByFingerprint(string fingerprint)
    {
        using var command = Command(
            "SELECT a.name FROM account_certificates c JOIN accounts a ON a.name_key = c.account_key WHERE c.fingerprint = $fingerprint",
            ("$fingerprint", fingerprint));
        return command.ExecuteScalar() as string;
    }

    /// <inheritdoc/>
    public int Count()
    {
        using var command = Command("SELECT COUNT(*) FROM accounts");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Key(string name) => IrcCaseMapping.Fold(name);

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = database.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
