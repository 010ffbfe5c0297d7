using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Parley.Server.Storage;

namespace Parley.Admin;

/// <summary>`parley admin backup FILE`: a consistent copy of a server's database, taken while it runs, as one file.</summary>
/// <remarks>SQLite's online backup API copies the database as one read transaction sees it: in WAL mode that snapshot
/// does not stop the server writing, and the copy holds every committed message up to that moment, including ones still
/// only in the server's write-ahead log. The copy is written beside FILE, switched to rollback-journal mode (so it needs no
/// -wal or -shm file), checked with quick_check, and only then renamed to FILE.</remarks>
internal static class BackupCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Where to write the backup (a single SQLite file). Must not exist." };
        var data = AdminDatabase.DataOption();
        var command = new Command("backup", "Copy the server's database to FILE while it runs (SQLite online backup).") { file, data };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(data)));
        return command;
    }

    private static int Run(FileInfo target, string? data)
    {
        var source = AdminDatabase.DatabasePath(data);
        var partial = target.FullName + ".partial";
        try
        {
            if (target.Exists)
            {
                throw new StorageException($"{target.FullName} exists: choose a new file (a backup never overwrites one)");
            }
            File.Delete(partial);
            using (var from = AdminDatabase.OpenReadOnly(source))
            using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                to.Open();
                from.BackupDatabase(to);
                Execute(to, "PRAGMA journal_mode=DELETE");
                var check = Execute(to, "PRAGMA quick_check") as string;
                if (check != "ok")
                {
                    throw new StorageException($"the copy failed its check (quick_check says: {check}); {source} may be damaged");
                }
                var messages = Convert.ToInt64(Execute(to, "SELECT count(*) FROM messages"), CultureInfo.InvariantCulture);
                to.Close();
                File.Move(partial, target.FullName);
                Console.WriteLine($"backup of {source} written to {target.FullName}: {messages:N0} messages, " +
                    $"{new FileInfo(target.FullName).Length / 1e6:F1} MB, quick_check ok");
            }
            return 0;
        }
        catch (Exception ex) when (ex is StorageException or SqliteException or IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(partial);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
            Console.Error.WriteLine($"parley: backup failed: {ex.Message}");
            return 1;
        }
    }

    private static object? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
