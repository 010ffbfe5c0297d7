namespace Parley.Server.Storage;

/// <summary>Where the server keeps what must outlive it: the database (history, accounts, bans) and the TLS certificate
/// it makes for itself.</summary>
/// <remarks>A directory that does not exist, or is empty, is a first start: it is created and filled. A directory
/// that holds Parley's marker file but no database has lost its database, and the server says so instead of starting
/// empty: a silent reset would look like a working server that forgot everyone's history and accounts.</remarks>
public sealed class DataDirectory
{
    /// <summary>The database file's name inside the directory.</summary>
    public const string DatabaseFileName = "parley.db";

    /// <summary>The file that marks a directory as Parley's, written on first start.</summary>
    public const string MarkerFileName = "PARLEY-DATA";

    private DataDirectory(string path) => Path = path;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath => System.IO.Path.Combine(Path, DatabaseFileName);

    /// <summary>Whether the database was created by this start (a first start).</summary>
    public bool IsNew { get; private set; }

    /// <summary>A file's full path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Opens (or, on a first start, creates) the data directory at <paramref name="path"/>.</summary>
    public static DataDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = new DataDirectory(full);
        try
        {
            if (System.IO.File.Exists(full))
            {
                throw new StorageException($"data directory {full} is a file, not a directory");
            }
            var marker = directory.File(MarkerFileName);
            var hasDatabase = System.IO.File.Exists(directory.DatabasePath);
            if (!hasDatabase && System.IO.File.Exists(marker))
            {
                throw new StorageException(
                    $"{directory.DatabasePath} is missing, but {full} held Parley data before: restore the file from a backup (parley admin backup) or point --data at an empty directory to start afresh");
            }
            Directory.CreateDirectory(full);
            if (!hasDatabase && Directory.EnumerateFileSystemEntries(full).Any())
            {
                throw new StorageException(
                    $"data directory {full} is not empty and holds no {DatabaseFileName}: give Parley a directory of its own");
            }
            directory.IsNew = !hasDatabase;
            if (!System.IO.File.Exists(marker))
            {
                System.IO.File.WriteAllText(marker,
                    "This directory holds a Parley server's data. Back it up with `parley admin backup FILE`, not by copying files while the server runs.\n");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot use data directory {full}: {ex.Message}", ex);
        }
        return directory;
    }
}
