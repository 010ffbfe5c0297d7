using Microsoft.Data.Sqlite;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests.Storage;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-datadir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_first_start_creates_the_directory_and_a_database_that_a_second_start_reuses()
    {
        var path = Path.Combine(_root, "data");
        var first = DataDirectory.Open(path);
        Assert.True(first.IsNew);
        using (var db = SqliteDatabase.Open(first.DatabasePath, create: first.IsNew))
        {
            db.Execute("CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (42);");
        }

        var second = DataDirectory.Open(path);
        Assert.False(second.IsNew);
        using var again = SqliteDatabase.Open(second.DatabasePath, create: second.IsNew);
        using var command = again.Connection.CreateCommand();
        command.CommandText = "SELECT x FROM kept";
        Assert.Equal(42L, command.ExecuteScalar());
    }

    [Fact]
    public void A_directory_that_lost_its_database_is_refused_rather_than_started_empty()
    {
        var path = Path.Combine(_root, "data");
        var first = DataDirectory.Open(path);
        SqliteDatabase.Open(first.DatabasePath, create: true).Dispose();
        File.Delete(first.DatabasePath);

        var error = Assert.Throws<StorageException>(() => DataDirectory.Open(path));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_full_of_other_files_is_refused()
    {
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "mine");
        var error = Assert.Throws<StorageException>(() => DataDirectory.Open(_root));
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_database_gives_a_clear_error_and_is_left_as_it_was()
    {
        var path = Path.Combine(_root, "data");
        var directory = DataDirectory.Open(path);
        SqliteDatabase.Open(directory.DatabasePath, create: true).Dispose();
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(directory.DatabasePath, garbage);

        var again = DataDirectory.Open(path);
        var error = Assert.Throws<StorageException>(() => SqliteDatabase.Open(again.DatabasePath, create: false));
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(directory.DatabasePath));
    }

    [Fact]
    public void A_damaged_page_is_found_at_start_up()
    {
        var path = Path.Combine(_root, "damaged.db");
        using (var db = SqliteDatabase.Open(path, create: true))
        {
            db.Execute("PRAGMA journal_mode=DELETE; CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x);");
            using var tx = db.Connection.BeginTransaction();
            for (var i = 0; i < 2000; i++)
            {
                using var insert = db.Connection.CreateCommand();
                insert.CommandText = $"INSERT INTO t VALUES ('row {i} {new string('x', 100)}')";
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(path);
        var pageSize = 4096;
        // Scribble over a page in the middle (a table or index page), keeping the header so the file still opens.
        for (var i = 0; i < pageSize; i++)
        {
            bytes[(bytes.Length / pageSize / 2 * pageSize) + i] = 0x5A;
        }
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<StorageException>(() => SqliteDatabase.Open(path, create: false));
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_run_once_in_order_and_a_newer_schema_is_refused()
    {
        var path = Path.Combine(_root, "migrate.db");
        Migration[] v1 = [new(1, "first", "CREATE TABLE a (x INTEGER)")];
        Migration[] v2 = [.. v1, new(2, "second", "ALTER TABLE a ADD COLUMN y TEXT; INSERT INTO a VALUES (1, 'two')")];
        using (var db = SqliteDatabase.Open(path, create: true, v1))
        {
            Assert.Equal(1, db.SchemaVersion);
        }
        using (var db = SqliteDatabase.Open(path, create: false, v2))
        {
            Assert.Equal(2, db.SchemaVersion);
        }
        using (var db = SqliteDatabase.Open(path, create: false, v2))
        {
            using var count = db.Connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM a";
            Assert.Equal(1L, count.ExecuteScalar()); // the second step did not run again
        }
        var error = Assert.Throws<StorageException>(() => SqliteDatabase.Open(path, create: false, v1));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_migration_applies_to_an_empty_database()
    {
        using var db = SqliteDatabase.OpenInMemory();
        Assert.Equal(Migrations.Latest, db.SchemaVersion);
        var versions = Migrations.All.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
