using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;
using Parley.Server.Doors.Irc;

namespace Parley.Server.Doors.Udp;

// Sessions of Parley's datagram protocol: routing by connection id, the stateless handshake, and driving each
// ReliableConnection (its datagrams, its events, its timer).
public sealed partial class UdpDoor
{
    /// <summary>How long a closed session's connection id is refused: longer than a retry cookie lives (20 s).</summary>
    private const long ClosedIdLifetimeMicros = 30_000_000;

    private readonly CookieKeyRing _keys;
    private readonly ServerHandshake _handshake;
    private readonly ReliableConnectionOptions _connectionOptions;
    private readonly long _keyRotationMicros;
    private readonly Dictionary<ulong, UdpSessionTransport> _sessions = [];
    private readonly DeadlineQueue<UdpSessionTransport> _timers = new();
    private readonly RecentlyClosedIds _recentlyClosed = new(capacity: 65536, ClosedIdLifetimeMicros);

    private void OnProtocolDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, long now)
    {
        if (!DatagramCodec.TryReadConnectionId(datagram, out var id))
        {
            Counters.AddMalformed(); // the magic, but too short for a header or another version
            return;
        }
        if (_sessions.TryGetValue(id, out var session))
        {
            if (!session.Peer.Equals(from))
            {
                // Only the address the cookie proved may speak for the session: a guessed or overheard id from anywhere
                // else (a CLOSE included) changes nothing.
                Counters.AddWrongAddress();
                return;
            }
            session.Connection.Receive(datagram, now);
            Service(session, now);
            return;
        }

        Span<byte> address = stackalloc byte[16];
        var addressLength = PeerAddress.WriteBytes(from.Address, address);
        var decision = _handshake.Evaluate(datagram, address[..addressLength], from.Port, now);
        switch (decision.Action)
        {
            case HandshakeAction.Reply when decision.Reply![5] == (byte)PacketType.Retry:
                if (_acceptingStopped)
                {
                    Counters.AddUnexpected();
                    return;
                }
                // Keep nothing: the cookie carries all the server needs to know when it comes back.
                SendDatagram(decision.Reply, from);
                Counters.AddRetrySent();
                break;
            case HandshakeAction.Reply:
                SendDatagram(decision.Reply, from);
                Counters.AddStatelessCloseSent();
                break;
            case HandshakeAction.Accept:
                Accept(id, from, now);
                break;
            case HandshakeAction.Drop when decision.Error != DecodeError.None:
                Counters.AddMalformed();
                break;
            default:
                Counters.AddUnexpected();
                break;
        }
    }

    private void Accept(ulong id, IPEndPoint from, long now)
    {
        if (_acceptingStopped)
        {
            Counters.AddUnexpected();
            return;
        }
        if (_recentlyClosed.Contains(id, now))
        {
            // A cookie lives up to 20 s: an INITIAL replayed after its session ended must not open another.
            Counters.AddReplayedHandshake();
            return;
        }
        if (_admission.TryAdmit(from.Address) is { } refusal)
        {
            // The cookie proved the address, so a stateless CLOSE may go back: the client sees the reason, no session.
            SendDatagram(DatagramCodec.EncodeClose(id, 0, CloseCode.Refused, refusal), from);
            _recentlyClosed.Add(id, now);
            _loop.Hub.ConnectionLog.LogInformation("refused {Peer}/udp: {Reason}", from, refusal);
            return;
        }
        var session = new UdpSessionTransport(this, from, _options.Limits.SendQueueBytes,
            ReliableConnection.CreateServer(id, now, _connectionOptions));
        _sessions.Add(id, session);
        Counters.OnSessionOpened();
        _loop.Post(hub => session.Session = hub.Connect(session, IrcWireFormat.Instance));
        Service(session, now); // sends ACCEPT
    }

    /// <summary>Runs a session after anything happened to it: moves the hub's lines into it, applies the hub's close
    /// request, sends what it has to send, passes its events on, and sets its timer (or forgets it once drained).</summary>
    private void Service(UdpSessionTransport session, long now)
    {
        if (!_sessions.TryGetValue(session.Connection.ConnectionId, out var current) || current != session)
        {
            session.DropPending(); // already forgotten: a late request from the hub
            return;
        }
        var connection = session.Connection;
        if (!session.CloseApplied)
        {
            // A message the connection's send buffer cannot take stays queued here, where the hub's bound applies: a
            // client that does not acknowledge ends up "SendQ exceeded".
            session.Drain(line => connection.Send(line) != SendResult.BufferFull);
            if (session.CloseRequested && (!session.HasPending || connection.State != ConnectionState.Connected))
            {
                session.CloseApplied = true;
                var (code, reason) = session.Overflowed ? (CloseCode.TooSlow, "SendQ exceeded")
                    : _acceptingStopped ? (CloseCode.ServerShutdown, "server shutting down")
                    : (CloseCode.Normal, "closed by the server");
                connection.Close(code, reason, now); // still delivers what is queued (the QUIT's ERROR line) first
            }
        }
        while (connection.TryPollTransmit(now, _sendBuffer, out var length))
        {
            SendDatagram(_sendBuffer.AsSpan(0, length), session.PeerAddress);
        }
        while (connection.TryPollEvent(out var connectionEvent))
        {
            switch (connectionEvent)
            {
                case MessageReceivedEvent received:
                    PostLines(session, received.Message);
                    break;
                case ClosedEvent closed:
                    session.MarkPeerGone();
                    var why = DescribeClose(closed);
                    _loop.Post(hub =>
                    {
                        if (session.Session is { } ended)
                        {
                            hub.Disconnect(ended, why);
                        }
                    });
                    break;
            }
        }
        CountDrops(session);
        if (connection.IsDrained)
        {
            Forget(session, now);
            return;
        }
        _timers.Schedule(session, connection.NextTimeout);
    }

    /// <summary>Each message is one IRC line; a message holding line breaks is taken as several lines.</summary>
    private void PostLines(UdpSessionTransport session, ReadOnlyMemory<byte> message)
    {
        var rest = message.Span;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }
            if (line.Length > IrcLimits.MaxLineBytes)
            {
                _loop.Post(hub => hub.ReceiveTooLong(session.Session!));
                continue;
            }
            var error = IrcParser.TryParse(line, out var parsed, IrcLimits.MaxClientTagBytes);
            if (parsed is not null)
            {
                _loop.Post(hub => hub.Receive(session.Session!, parsed, error));
            }
        }
    }

    private string DescribeClose(ClosedEvent closed) => (closed.Code, closed.ByPeer) switch
    {
        (CloseCode.IdleTimeout, false) => $"Ping timeout: {_connectionOptions.IdleTimeout.TotalSeconds:0} seconds",
        (CloseCode.ProtocolViolation, false) => $"Protocol violation: {closed.Reason}",
        (CloseCode.TooSlow, false) => "SendQ exceeded",
        _ => "Connection closed",
    };

    private void CountDrops(UdpSessionTransport session)
    {
        var counters = session.Connection.Counters;
        var (invalid, duplicate, refused) = session.CountedDrops;
        Counters.AddMalformed(counters.InvalidDatagrams - invalid);
        Counters.AddDuplicates(counters.DuplicateDatagrams - duplicate);
        Counters.AddRefusedBySession(counters.DroppedDatagrams - refused);
        session.CountedDrops = (counters.InvalidDatagrams, counters.DuplicateDatagrams, counters.DroppedDatagrams);
    }

    private void Forget(UdpSessionTransport session, long now)
    {
        if (_sessions.Remove(session.Connection.ConnectionId))
        {
            _admission.Release(session.Peer.Address);
        }
        _timers.Schedule(session, null);
        _recentlyClosed.Add(session.Connection.ConnectionId, now);
        session.MarkPeerGone();
        session.DropPending();
        Counters.OnSessionForgotten();
    }

    /// <summary>Whether a session has nothing more to send before the server stops: the hub closed it and its CLOSE is
    /// out (or it ended some other way).</summary>
    private static bool HasSentAll(UdpSessionTransport session) =>
        session.CloseApplied && session.Connection.State is not (ConnectionState.Connected or ConnectionState.Flushing);
}
