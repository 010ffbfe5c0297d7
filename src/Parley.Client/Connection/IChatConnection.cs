using Parley.Protocol.Irc;

namespace Parley.Client.Connection;

/// <summary>A connection to a chat server that carries IRC messages, whatever the transport underneath (TCP, or
/// Parley's datagram protocol over UDP). Server PINGs are answered by the connection itself.</summary>
/// <remarks>One reader at a time; sending is safe from any thread. Disposing closes the connection.</remarks>
public interface IChatConnection : IAsyncDisposable
{
    /// <summary>The next message from the server, or null once the server closed the connection. Throws
    /// <see cref="IOException"/> when the connection broke.</summary>
    ValueTask<IrcMessage?> ReceiveAsync(CancellationToken cancel = default);

    /// <summary>Sends messages, in order.</summary>
    Task SendAsync(IReadOnlyList<IrcMessage> messages, CancellationToken cancel = default);
}
