namespace Parley.Client.Connection;

/// <summary>The client could not reach the server; <see cref="Exception.Message"/> is one line for the user.</summary>
public sealed class ConnectFailedException(string message, Exception? inner = null) : Exception(message, inner);
