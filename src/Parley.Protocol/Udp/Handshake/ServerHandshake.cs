using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Handshake;

/// <summary>The server's side of the handshake, before any session exists: INITIAL without a valid cookie gets a
/// RETRY and no state; INITIAL with a valid cookie is accepted. The door calls this for every datagram whose
/// connection id it does not know (docs/udp-protocol.md, "Handshake").</summary>
public sealed class ServerHandshake(RetryCookie cookies)
{
    /// <summary>The reason text of the stateless CLOSE sent for an unknown connection id.</summary>
    public const string UnknownConnectionReason = "unknown connection";

    /// <summary>Decides what to do with a datagram from <paramref name="address"/>:<paramref name="port"/> at
    /// <paramref name="nowMicros"/> that belongs to no connection.</summary>
    public HandshakeDecision Evaluate(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> address, int port, long nowMicros)
    {
        if (!DatagramCodec.TryDecode(datagram, out var packet, out var error))
        {
            return error == DecodeError.NotProtocol
                ? new HandshakeDecision(HandshakeAction.NotProtocol)
                : new HandshakeDecision(HandshakeAction.Drop, Error: error);
        }
        var connectionId = packet.Header.ConnectionId;
        switch (packet.Header.Type)
        {
            case PacketType.Initial:
                var cookie = ((InitialFrame)packet.Frames[0]).Cookie.Span;
                if (!cookie.IsEmpty && cookies.IsValid(cookie, address, port, connectionId, nowMicros))
                {
                    return new HandshakeDecision(HandshakeAction.Accept, connectionId);
                }
                var retry = DatagramCodec.EncodeRetry(connectionId, cookies.Create(address, port, connectionId, nowMicros));
                return Bounded(datagram.Length, retry, connectionId, cookieRejected: !cookie.IsEmpty);
            case PacketType.Data when !packet.Frames.Any(f => f is CloseFrame):
                // A session the server no longer has (it restarted, or the session ended): say so, so the client
                // does not wait for its idle timeout. Never answer a CLOSE, or two peers could echo forever.
                var close = DatagramCodec.EncodeClose(connectionId, 0, CloseCode.UnknownConnection, UnknownConnectionReason);
                return Bounded(datagram.Length, close, connectionId, cookieRejected: false);
            default:
                return new HandshakeDecision(HandshakeAction.Drop, connectionId);
        }
    }

    private static HandshakeDecision Bounded(int received, byte[] reply, ulong connectionId, bool cookieRejected) =>
        AmplificationLimit.Allows(received, reply.Length)
            ? new HandshakeDecision(HandshakeAction.Reply, connectionId, reply, CookieRejected: cookieRejected)
            : new HandshakeDecision(HandshakeAction.Drop, connectionId, CookieRejected: cookieRejected);
}
