namespace Parley.Server.Storage.Sqlite;

/// <summary>One step of the database schema: applied once, in order of <paramref name="Version"/>, inside a transaction,
/// and recorded in SQLite's user_version.</summary>
/// <param name="Version">The schema version this step brings the database to (1, 2, 3, ...).</param>
/// <param name="Name">What the step does, for the log.</param>
/// <param name="Sql">The statements.</param>
public sealed record Migration(int Version, string Name, string Sql);
