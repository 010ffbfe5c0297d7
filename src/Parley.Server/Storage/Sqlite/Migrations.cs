namespace Parley.Server.Storage.Sqlite;

/// <summary>Every schema step, oldest first. A released step is never edited: a change to the schema is a new step at
/// the end, so every database, however old, reaches the same schema (tests/Parley.Server.Tests/Storage checks this).</summary>
public static class Migrations
{
    /// <summary>The steps, in version order.</summary>
    public static readonly IReadOnlyList<Migration> All =
    [
        // 1: history (messages)
        new(2, "accounts", SqliteAccountStore.Schema),
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All.Count == 0 ? 0 : All[^1].Version;
}
