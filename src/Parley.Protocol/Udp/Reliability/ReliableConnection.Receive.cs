using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

// Datagrams arriving.
public sealed partial class ReliableConnection
{
    /// <summary>Takes a datagram the socket received for this connection at <paramref name="nowMicros"/>. Anything
    /// malformed, duplicated or unexpected is counted (<see cref="Counters"/>) and ignored; only a peer that breaks
    /// the protocol in a well-formed packet gets the session closed with <see cref="CloseCode.ProtocolViolation"/>.</summary>
    public void Receive(ReadOnlySpan<byte> datagram, long nowMicros)
    {
        Counters.DatagramsReceived++;
        Counters.BytesReceived += datagram.Length;
        if (!DatagramCodec.TryDecode(datagram, out var packet, out _) || packet.Header.ConnectionId != ConnectionId)
        {
            Counters.InvalidDatagrams++;
            return;
        }
        switch (packet.Header.Type)
        {
            case PacketType.Initial when Role == ConnectionRole.Server && State is ConnectionState.Connected or ConnectionState.Flushing:
                // The client has not seen our first DATA packet yet: send ACCEPT again now rather than at the next timeout.
                _lastReceived = nowMicros;
                if (_accept == AcceptState.InFlight)
                {
                    _accept = AcceptState.Pending;
                }
                break;
            case PacketType.Retry when Role == ConnectionRole.Client && State == ConnectionState.Handshaking:
                _cookie = ((RetryFrame)packet.Frames[0]).Cookie.ToArray();
                _initialPending = true;
                break;
            case PacketType.Data when State != ConnectionState.Closed:
                ReceiveData(packet, nowMicros);
                break;
            default:
                Counters.DroppedDatagrams++;
                break;
        }
    }

    private void ReceiveData(Packet packet, long now)
    {
        var close = packet.Frames.OfType<CloseFrame>().FirstOrDefault();
        if (Role == ConnectionRole.Client && State == ConnectionState.Handshaking)
        {
            if (close is not null)
            {
                OnPeerClose(close, now); // refused (or the server forgot us) before we ever connected
                return;
            }
            // Only an accepting server sends DATA: the first one (ACCEPT or not, as packets may be reordered) connects.
            State = ConnectionState.Connected;
            _events.Enqueue(new ConnectedEvent());
        }
        if (State is ConnectionState.Closing or ConnectionState.Draining)
        {
            ReceiveWhileClosing(close, now);
            return;
        }
        var status = _received.Classify(packet.Header.PacketNumber);
        if (status != PacketNumberStatus.New)
        {
            Counters.DuplicateDatagrams++;
            _received.OnDuplicate();
            if (close is not null)
            {
                // Honour a CLOSE even under a number seen before: a peer that lost its state numbers from 0 again.
                OnPeerClose(close, now);
            }
            return;
        }
        if (!CheckFragments(packet, now, out var accepted))
        {
            return;
        }
        if (!accepted)
        {
            Counters.DroppedDatagrams++;
            _lastReceived = now; // the peer is alive, even if it ran ahead of the window
            return;
        }
        _received.OnReceived(packet.Header.PacketNumber, packet.IsAckEliciting, now);
        _lastReceived = now;
        foreach (var frame in packet.Frames)
        {
            switch (frame)
            {
                case AckFrame ack when !OnAck(ack, now):
                    return;
                case FragmentFrame fragment:
                    _incoming.Add(fragment);
                    break;
                case AcceptFrame when Role == ConnectionRole.Server:
                    CloseAtOnce(CloseCode.ProtocolViolation, "ACCEPT sent by a client", now);
                    return;
                case CloseFrame peerClose:
                    OnPeerClose(peerClose, now);
                    return;
            }
        }
        while (_incoming.TryTakeNext(out var message))
        {
            if (State == ConnectionState.Connected)
            {
                Counters.MessagesReceived++;
                _events.Enqueue(new MessageReceivedEvent(message));
            }
        }
        if (State == ConnectionState.Flushing && _outgoing.IsEmpty)
        {
            StartClosing(now); // everything queued before Close was acknowledged
        }
    }

    /// <summary>Checks every fragment of a packet before anything in it is applied, since a packet is acknowledged
    /// (or refused) as a whole. Returns false if the peer broke the protocol (the connection is then closing);
    /// <paramref name="accepted"/> is false if the packet must be refused for lack of room.</summary>
    private bool CheckFragments(Packet packet, long now, out bool accepted)
    {
        accepted = true;
        long cost = 0;
        Dictionary<ulong, int>? shapes = null;
        foreach (var frame in packet.Frames)
        {
            if (frame is not FragmentFrame fragment)
            {
                continue;
            }
            // Check judges a fragment against what was stored before this packet; the fragments of one message inside
            // the packet must also agree with each other, or the second shape would be stored into the first's.
            shapes ??= [];
            if (shapes.TryGetValue(fragment.MessageId, out var count) && count != fragment.Count)
            {
                CloseAtOnce(CloseCode.ProtocolViolation, $"message {fragment.MessageId} sent as {count} and as {fragment.Count} fragments", now);
                accepted = false;
                return false;
            }
            shapes[fragment.MessageId] = fragment.Count;
            switch (_incoming.Check(fragment, out var bytes, out var violation))
            {
                case FragmentVerdict.Violation:
                    CloseAtOnce(CloseCode.ProtocolViolation, violation, now);
                    accepted = false;
                    return false;
                case FragmentVerdict.OutsideWindow:
                    accepted = false;
                    break;
                case FragmentVerdict.New:
                    cost += bytes;
                    break;
            }
        }
        accepted &= _incoming.HasRoomFor(cost);
        return true;
    }

    private void ReceiveWhileClosing(CloseFrame? close, long now)
    {
        if (close is not null)
        {
            OnPeerClose(close, now);
        }
        else if (State == ConnectionState.Closing && _closeTransmissions < _options.MaxCloseTransmissions)
        {
            // The peer is still talking: it has not seen our CLOSE. Answer with it now rather than at the next timeout.
            _closeSendPending = true;
        }
    }
}
