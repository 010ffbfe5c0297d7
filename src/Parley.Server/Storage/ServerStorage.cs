using Parley.Server.Hosting;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Storage;

/// <summary>Everything the server keeps across restarts, behind small interfaces; SQLite in the data directory is the
/// implementation.</summary>
public sealed class ServerStorage : IDisposable
{
    private ServerStorage(DataDirectory? directory, SqliteDatabase database, bool historyEnabled)
    {
        Directory = directory;
        Database = database;
        History = new SqliteHistoryStore(database, historyEnabled);
        Bans = new SqliteBanStore(database);
        Accounts = new SqliteAccountStore(database);
    }

    /// <summary>The data directory, or null for a database kept in memory (tests).</summary>
    public DataDirectory? Directory { get; }

    /// <summary>The database.</summary>
    public SqliteDatabase Database { get; }

    /// <summary>Relayed messages.</summary>
    public IHistoryStore History { get; }

    /// <summary>Server-wide bans (KLINE, DLINE).</summary>
    public IBanStore Bans { get; }

    /// <summary>Registered accounts.</summary>
    public IAccountStore Accounts { get; }

    /// <summary>Opens the data directory of <paramref name="options"/> and its database. Throws
    /// <see cref="StorageException"/> with a one-line reason when either cannot be used.</summary>
    public static ServerStorage Open(ServerOptions options)
    {
        var directory = DataDirectory.Open(options.DataDirectory);
        return new ServerStorage(directory, SqliteDatabase.Open(directory.DatabasePath, create: directory.IsNew, synchronous: options.History.Synchronous), options.History.Enabled);
    }

    /// <summary>Storage in a private in-memory SQLite database: the real schema and queries, nothing on disk.</summary>
    public static ServerStorage InMemory(bool historyEnabled = true) => new(null, SqliteDatabase.OpenInMemory(), historyEnabled);

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        (History as IDisposable)?.Dispose();
        Database.Dispose();
    }
}
