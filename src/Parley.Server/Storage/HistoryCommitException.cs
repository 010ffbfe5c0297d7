namespace Parley.Server.Storage;

/// <summary>A history commit failed (disk full, I/O error): nothing of the batch was stored, and it stays pending.</summary>
public sealed class HistoryCommitException(string message, Exception inner) : Exception(message, inner);
