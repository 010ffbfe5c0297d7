using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Handshake;

/// <summary>What the UDP door does with a datagram for which it has no connection.</summary>
public enum HandshakeAction
{
    /// <summary>The datagram does not start with the protocol's magic: it is plain text (see <see cref="PlainTextCode"/>).</summary>
    NotProtocol,

    /// <summary>Ignore it: malformed (see <see cref="HandshakeDecision.Error"/>), or nothing to answer.</summary>
    Drop,

    /// <summary>Send <see cref="HandshakeDecision.Reply"/> back to the sender and keep no state: a RETRY with a
    /// fresh cookie, or a CLOSE saying the connection id is unknown.</summary>
    Reply,

    /// <summary>The cookie is valid: create the session with
    /// <c>ReliableConnection.CreateServer(decision.ConnectionId, now)</c>, bind it to this address and port, and route
    /// this connection id to it (drop the datagram instead if another address already holds the id).</summary>
    Accept,
}

/// <summary>The answer of <see cref="ServerHandshake.Evaluate"/>.</summary>
/// <param name="Action">What to do.</param>
/// <param name="ConnectionId">The datagram's connection id (0 if it had none).</param>
/// <param name="Reply">The datagram to send back when <paramref name="Action"/> is <see cref="HandshakeAction.Reply"/>;
/// always within the amplification bound of the datagram it answers.</param>
/// <param name="Error">Why a datagram was dropped as malformed, else <see cref="DecodeError.None"/>.</param>
/// <param name="CookieRejected">True when an INITIAL carried a cookie that was not valid (forged, expired, for another
/// address); the reply is then a fresh RETRY.</param>
public readonly record struct HandshakeDecision(
    HandshakeAction Action,
    ulong ConnectionId = 0,
    byte[]? Reply = null,
    DecodeError Error = DecodeError.None,
    bool CookieRejected = false);
