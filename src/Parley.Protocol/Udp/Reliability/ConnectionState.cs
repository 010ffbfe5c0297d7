namespace Parley.Protocol.Udp.Reliability;

/// <summary>Where a <see cref="ReliableConnection"/> is in its life.</summary>
public enum ConnectionState
{
    /// <summary>Client only: sending INITIAL, waiting for the server's RETRY and then its first DATA packet.</summary>
    Handshaking,

    /// <summary>Messages flow both ways.</summary>
    Connected,

    /// <summary><see cref="ReliableConnection.Close"/> was called: messages already queued are still being delivered
    /// (for at most <see cref="ReliableConnectionOptions.CloseFlushTimeout"/>); nothing new is accepted.</summary>
    Flushing,

    /// <summary>This side sent CLOSE and resends it until the peer's CLOSE arrives or the attempts run out.</summary>
    Closing,

    /// <summary>The peer sent CLOSE; this side answered and waits a few round trips, answering repeats.</summary>
    Draining,

    /// <summary>Finished. Once <see cref="ReliableConnection.IsDrained"/>, the connection can be forgotten.</summary>
    Closed,
}

/// <summary>Which end of the session a connection is.</summary>
public enum ConnectionRole
{
    /// <summary>Starts the handshake.</summary>
    Client,

    /// <summary>Created by the door once a client's cookie checks out.</summary>
    Server,
}

/// <summary>What <see cref="ReliableConnection.Send"/> did with a message.</summary>
public enum SendResult
{
    /// <summary>Queued; it will be delivered exactly once, in order, unless the session ends first.</summary>
    Queued,

    /// <summary>Refused: the connection is closing or closed.</summary>
    NotOpen,

    /// <summary>Refused: <see cref="ReliableConnectionOptions.SendBufferLimit"/> bytes are already waiting; the peer is
    /// not keeping up (the server closes such a session with <c>CloseCode.TooSlow</c>).</summary>
    BufferFull,
}
