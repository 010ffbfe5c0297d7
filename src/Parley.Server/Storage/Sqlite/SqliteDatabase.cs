using Microsoft.Data.Sqlite;

namespace Parley.Server.Storage.Sqlite;

/// <summary>The server's SQLite database: opened in WAL mode (readers never wait for the writer, and a commit is one
/// append to the log), checked, and brought to the current schema by <see cref="Migrations"/>.</summary>
/// <remarks><see cref="Connection"/> belongs to the hub's thread; any other thread (a backup, a query served off the
/// hub) opens its own with <see cref="OpenConnection"/>.</remarks>
public sealed class SqliteDatabase : IDisposable
{
    private SqliteDatabase(string connectionString, string description)
    {
        ConnectionString = connectionString;
        Description = description;
        Connection = new SqliteConnection(connectionString);
    }

    /// <summary>How to open another connection to the same database.</summary>
    public string ConnectionString { get; }

    /// <summary>The file (or "in-memory database") for messages to the operator.</summary>
    public string Description { get; }

    /// <summary>The hub thread's connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>When a commit waits for the disk (History:Synchronous).</summary>
    public SynchronousMode Synchronous { get; private init; } = SynchronousMode.Normal;

    private WalCheckpointer? _checkpointer;

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens the database file at <paramref name="path"/> (creating it when <paramref name="create"/>), checks
    /// it and migrates it. Throws <see cref="StorageException"/> with a one-line reason when it cannot be used.</summary>
    public static SqliteDatabase Open(string path, bool create, IReadOnlyList<Migration>? migrations = null,
        SynchronousMode synchronous = SynchronousMode.Normal)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var database = new SqliteDatabase(builder.ToString(), path) { Synchronous = synchronous };
        database.Start(migrations ?? Migrations.All, fileBacked: true);
        database._checkpointer = new WalCheckpointer(database.OpenConnection());
        return database;
    }

    /// <summary>A private in-memory database with the full schema: real SQLite for tests, gone when disposed.</summary>
    public static SqliteDatabase OpenInMemory(IReadOnlyList<Migration>? migrations = null)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = $"file:parley-{Guid.NewGuid():N}?mode=memory&cache=shared",
            Pooling = false,
        };
        var database = new SqliteDatabase(builder.ToString(), "in-memory database");
        database.Start(migrations ?? Migrations.All, fileBacked: false);
        return database;
    }

    /// <summary>Opens another connection to the database, set up as the main one is.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    /// <summary>Runs one statement on <see cref="Connection"/> that returns nothing.</summary>
    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Start(IReadOnlyList<Migration> migrations, bool fileBacked)
    {
        try
        {
            Connection.Open();
            Configure(Connection);
            if (fileBacked)
            {
                // WAL persists in the file; NORMAL sync in WAL mode loses nothing when the process dies (the log is in
                // the kernel's hands at commit), only on power loss, and costs no fsync per commit. FULL syncs the log
                // at every commit: nothing lost on power loss either, at the price of one fsync per hub batch.
                Scalar("PRAGMA journal_mode=WAL");
                Scalar(Synchronous == SynchronousMode.Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                // Checkpoints run on their own thread (WalCheckpointer), never inside a hub commit.
                Scalar("PRAGMA wal_autocheckpoint=0");
                var check = Scalar("PRAGMA quick_check") as string;
                if (check != "ok")
                {
                    throw new StorageException($"{Description} is damaged (SQLite's quick_check says: {check}): restore it from a backup (parley admin backup)");
                }
            }
            SchemaVersion = Convert.ToInt32(Scalar("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
            if (SchemaVersion > latest)
            {
                throw new StorageException($"{Description} has schema version {SchemaVersion}, newer than this Parley knows ({latest}): run the newer Parley, or restore an older backup");
            }
            foreach (var migration in migrations)
            {
                if (migration.Version > SchemaVersion)
                {
                    Apply(migration);
                }
            }
        }
        catch (SqliteException ex)
        {
            Connection.Dispose();
            throw new StorageException(ex.SqliteErrorCode switch
            {
                26 => $"{Description} is not a SQLite database (or its header is damaged): restore it from a backup (parley admin backup)",
                11 => $"{Description} is damaged ({ex.Message}): restore it from a backup (parley admin backup)",
                14 => $"cannot open {Description}: {ex.Message}",
                _ => $"cannot use {Description}: {ex.Message}",
            }, ex);
        }
        catch (StorageException)
        {
            Connection.Dispose();
            throw;
        }
    }

    private void Apply(Migration migration)
    {
        using var transaction = Connection.BeginTransaction();
        using (var command = Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = migration.Sql + $"; PRAGMA user_version = {migration.Version};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        SchemaVersion = migration.Version;
    }

    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Closes the hub thread's connection and stops checkpointing (other connections are their owners' to
    /// close).</summary>
    public void Dispose()
    {
        _checkpointer?.Dispose();
        Connection.Dispose();
    }
}
