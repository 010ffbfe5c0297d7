namespace Parley.Server.Storage;

/// <summary>The data directory or its database cannot be used; the message is one line for the operator, saying what is
/// wrong and what to do. The server refuses to start rather than reset anything.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
