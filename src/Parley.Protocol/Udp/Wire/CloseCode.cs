namespace Parley.Protocol.Udp.Wire;

/// <summary>Why a session ended: the 16-bit code of a CLOSE frame. Codes not listed here may arrive from newer
/// peers; treat them as <see cref="Normal"/> with the text as the explanation.</summary>
public enum CloseCode : ushort
{
    /// <summary>The application closed the session (an IRC QUIT, the user leaving).</summary>
    Normal = 0,

    /// <summary>Nothing arrived from the peer for the idle timeout.</summary>
    IdleTimeout = 1,

    /// <summary>The peer sent something the protocol forbids; the text says what.</summary>
    ProtocolViolation = 2,

    /// <summary>The server is shutting down.</summary>
    ServerShutdown = 3,

    /// <summary>The server would not take the session (full, banned, ...).</summary>
    Refused = 4,

    /// <summary>The peer did not take messages as fast as they were produced and the send buffer overflowed.</summary>
    TooSlow = 5,

    /// <summary>The server has no session with this connection id (it restarted, or the session ended).</summary>
    UnknownConnection = 6,

    /// <summary>The client gave up waiting for the server to accept. Never sent; reported locally.</summary>
    HandshakeTimeout = 7,
}
