using System.CommandLine;
using Microsoft.Data.Sqlite;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Admin;

/// <summary>How the admin tools reach a server's database: the --data option, and a read-only connection of their own
/// beside the server's (WAL lets them read while the server writes).</summary>
internal static class AdminDatabase
{
    /// <summary>The --data option, as `parley server` has it.</summary>
    public static Option<string?> DataOption() => new("--data", "-d")
    {
        Description = "The server's data directory. Default: $PARLEY__DataDirectory, else ./parley-data (as `parley server`).",
    };

    /// <summary>The database file of the data directory given (or the default one).</summary>
    public static string DatabasePath(string? data)
    {
        var directory = data ?? Environment.GetEnvironmentVariable("PARLEY__DataDirectory") ?? new ServerOptions().DataDirectory;
        return Path.Combine(Path.GetFullPath(directory), DataDirectory.DatabaseFileName);
    }

    /// <summary>Opens the database read-only. Throws <see cref="StorageException"/> with a one-line reason when there is
    /// none, or it is not Parley's.</summary>
    public static SqliteConnection OpenReadOnly(string file)
    {
        if (!File.Exists(file))
        {
            throw new StorageException($"no database at {file}: give the server's data directory with --data");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=5000; PRAGMA user_version";
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) < 1)
            {
                throw new StorageException($"{file} is not a Parley database (its schema version is 0)");
            }
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StorageException($"cannot read {file}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }
}
