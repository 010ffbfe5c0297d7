using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

// parley-historybench [--messages N] [--batch B] [--rooms R] [--queries Q] [--synchronous normal|full] [--data DIR]
// Fills a fresh database (or reuses DIR's if it already holds N messages) through SqliteHistoryStore, then times the
// reads a chathistory request makes and the check every start runs. Numbers are wall-clock on a shared machine: compare
// them within one run.
var settings = Settings.Parse(args);
var ownDirectory = settings.Data is null;
var path = settings.Data ?? Path.Combine(Path.GetTempPath(), $"parley-historybench-{Guid.NewGuid():N}");
Directory.CreateDirectory(path);
var file = Path.Combine(path, DataDirectory.DatabaseFileName);
try
{
    var rooms = Enumerable.Range(0, settings.Rooms).Select(i => HistoryTargets.Room($"#room{i}")).ToArray();
    Console.WriteLine($"database            {file}");
    using (var database = SqliteDatabase.Open(file, create: !File.Exists(file)))
    {
        database.Execute($"PRAGMA synchronous={settings.Synchronous}");
        using var store = new SqliteHistoryStore(database);
        var existing = Count(database);
        if (existing < settings.Messages)
        {
            Fill(store, rooms, existing, settings);
        }
        Console.WriteLine($"messages            {Count(database):N0} in {rooms.Length} rooms");
        Console.WriteLine($"file size           {new FileInfo(file).Length / 1e6:F1} MB");
        TimeQueries(database, store, rooms, settings.Queries);
        database.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    TimeStartup(file);
}
finally
{
    if (ownDirectory)
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(path, recursive: true);
    }
}

static long Count(SqliteDatabase database)
{
    using var command = database.Connection.CreateCommand();
    command.CommandText = "SELECT count(*) FROM messages";
    return (long)command.ExecuteScalar()!;
}

// Appends in batches of the given size, one Commit per batch, as the hub does at the end of each batch of work.
static void Fill(SqliteHistoryStore store, string[] rooms, long from, Settings settings)
{
    var start = DateTimeOffset.UtcNow.AddDays(-30);
    var text = new string('x', 60);
    var commits = new List<double>();
    var total = Stopwatch.StartNew();
    var batch = Stopwatch.StartNew();
    for (var i = from; i < settings.Messages; i++)
    {
        var room = rooms[i % rooms.Length];
        store.Append(new HistoryEntry($"bench{i:x}", start.AddMilliseconds(i * 100), room, $"user{i % 1000}!u@127.0.0.1",
            null, "PRIVMSG", room, $"{i} {text}", ""));
        if ((i + 1) % settings.Batch == 0 || i + 1 == settings.Messages)
        {
            batch.Restart();
            store.Commit();
            commits.Add(batch.Elapsed.TotalMicroseconds);
        }
    }
    var elapsed = total.Elapsed;
    commits.Sort();
    var rows = settings.Messages - from;
    Console.WriteLine($"fill                {rows:N0} messages in {elapsed.TotalSeconds:F1} s: {rows / elapsed.TotalSeconds:N0} messages/s " +
        $"({elapsed.TotalMicroseconds / rows:F2} µs each, append and commit, synchronous={settings.Synchronous})");
    Console.WriteLine($"commit of {settings.Batch,4}       p50 {Percentile(commits, 0.50):F0} µs, p99 {Percentile(commits, 0.99):F0} µs, max {commits[^1]:F0} µs");
}

// Latest: what LATEST * and history on join read. Before: a BEFORE msgid=... request, the shape the chathistory
// queries take (find the anchor by msgid, then the page before it in the target's order).
static void TimeQueries(SqliteDatabase database, SqliteHistoryStore store, string[] rooms, int queries)
{
    var random = new Random(42);
    var latest = new List<double>();
    var before = new List<double>();
    using var anchor = database.Connection.CreateCommand();
    anchor.CommandText = "SELECT msgid FROM messages WHERE id = $id";
    anchor.Parameters.Add("$id", SqliteType.Integer);
    using var page = database.Connection.CreateCommand();
    page.CommandText = """
        SELECT msgid, time, target, sender, account, command, recipient, text, tags FROM messages
        WHERE target = $target AND id < (SELECT id FROM messages WHERE msgid = $msgid)
        ORDER BY id DESC LIMIT 50
        """;
    page.Parameters.Add("$target", SqliteType.Text);
    page.Parameters.Add("$msgid", SqliteType.Text);
    long max;
    using (var count = database.Connection.CreateCommand())
    {
        count.CommandText = "SELECT max(id) FROM messages";
        max = (long)count.ExecuteScalar()!;
    }
    var watch = new Stopwatch();
    for (var q = 0; q < queries; q++)
    {
        var room = rooms[random.Next(rooms.Length)];
        watch.Restart();
        var rows = store.Latest(room, 50);
        latest.Add(watch.Elapsed.TotalMicroseconds);
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"no history for {room}");
        }

        anchor.Parameters[0].Value = random.NextInt64(1, max + 1);
        var msgid = (string)anchor.ExecuteScalar()!;
        watch.Restart();
        page.Parameters[0].Value = room;
        page.Parameters[1].Value = msgid;
        var n = 0;
        using (var reader = page.ExecuteReader())
        {
            while (reader.Read())
            {
                n++;
            }
        }
        before.Add(watch.Elapsed.TotalMicroseconds);
    }
    latest.Sort();
    before.Sort();
    Console.WriteLine($"Latest(room, 50)    p50 {Percentile(latest, 0.5):F0} µs, p99 {Percentile(latest, 0.99):F0} µs, max {latest[^1]:F0} µs ({queries} queries)");
    Console.WriteLine($"BEFORE msgid, 50    p50 {Percentile(before, 0.5):F0} µs, p99 {Percentile(before, 0.99):F0} µs, max {before[^1]:F0} µs ({queries} queries)");
}

// What a start costs: opening (with the check SqliteDatabase runs) and quick_check alone, on a cold connection.
static void TimeStartup(string file)
{
    var watch = Stopwatch.StartNew();
    using (var database = SqliteDatabase.Open(file, create: false))
    {
        Console.WriteLine($"start-up open       {watch.Elapsed.TotalMilliseconds:F0} ms (SqliteDatabase.Open, including any check it runs)");
    }
    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
    connection.Open();
    using var check = connection.CreateCommand();
    check.CommandText = "PRAGMA quick_check";
    watch.Restart();
    var result = check.ExecuteScalar();
    Console.WriteLine($"PRAGMA quick_check  {watch.Elapsed.TotalMilliseconds:F0} ms ({result})");
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

/// <summary>The command line.</summary>
internal sealed record Settings(long Messages, int Batch, int Rooms, int Queries, string Synchronous, string? Data)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(1_000_000, 100, 200, 2000, "NORMAL", null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            s = args[i] switch
            {
                "--messages" => s with { Messages = long.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => s with { Batch = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rooms" => s with { Rooms = int.Parse(value, CultureInfo.InvariantCulture) },
                "--queries" => s with { Queries = int.Parse(value, CultureInfo.InvariantCulture) },
                "--synchronous" => s with { Synchronous = value.ToUpperInvariant() is "FULL" ? "FULL" : "NORMAL" },
                "--data" => s with { Data = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}
