using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

// Ending a session: flush, CLOSE and its answers, draining, and the idle close.
public sealed partial class ReliableConnection
{
    /// <summary>Ends the session. Messages already queued are still delivered (for at most
    /// <see cref="ReliableConnectionOptions.CloseFlushTimeout"/>), then CLOSE goes out with <paramref name="code"/> and
    /// <paramref name="reason"/> and is repeated until the peer answers with its own. A <see cref="ClosedEvent"/> is
    /// raised at once; incoming messages are no longer delivered. Does nothing if already closing.</summary>
    public void Close(CloseCode code, string reason, long nowMicros)
    {
        switch (State)
        {
            case ConnectionState.Handshaking:
                RaiseClosed(code, reason, byPeer: false);
                // The server may already have accepted our cookie: tell it, once, in case it did.
                _finalClosePending = _cookie.Length > 0;
                _closeCode = code;
                _closeReason = reason;
                State = ConnectionState.Closed;
                break;
            case ConnectionState.Connected:
                RaiseClosed(code, reason, byPeer: false);
                _closeCode = code;
                _closeReason = reason;
                State = ConnectionState.Flushing;
                _flushDeadline = nowMicros + Micros.From(_options.CloseFlushTimeout);
                if (_outgoing.IsEmpty)
                {
                    StartClosing(nowMicros);
                }
                break;
        }
    }

    private void RaiseClosed(CloseCode code, string reason, bool byPeer)
    {
        if (_closedRaised)
        {
            return;
        }
        _closedRaised = true;
        _events.Enqueue(new ClosedEvent(code, reason, byPeer));
    }

    /// <summary>Sends CLOSE now, without delivering what is queued: for protocol violations.</summary>
    private void CloseAtOnce(CloseCode code, string reason, long now)
    {
        RaiseClosed(code, reason, byPeer: false);
        _closeCode = code;
        _closeReason = reason;
        StartClosing(now);
    }

    private void StartClosing(long now)
    {
        State = ConnectionState.Closing;
        _closeSendPending = true;
        _closeTransmissions = 0;
        _closeRetransmitAt = null;
        _closingEndsAt = now;
        AbandonSending();
    }

    private void CloseForIdleness()
    {
        var seconds = _options.IdleTimeout.TotalSeconds;
        RaiseClosed(CloseCode.IdleTimeout, $"nothing heard from the peer for {seconds:0.#} s", byPeer: false);
        // One CLOSE, unanswered: the peer is probably gone, but if only the path was, it learns why.
        _closeCode = CloseCode.IdleTimeout;
        _closeReason = "idle timeout";
        _finalClosePending = true;
        State = ConnectionState.Closed;
        AbandonSending();
    }

    /// <summary>The peer's CLOSE arrived.</summary>
    private void OnPeerClose(CloseFrame close, long now)
    {
        switch (State)
        {
            case ConnectionState.Handshaking:
            case ConnectionState.Connected:
            case ConnectionState.Flushing:
                RaiseClosed(close.Code, close.Reason, byPeer: true);
                State = ConnectionState.Draining;
                _closeCode = CloseCode.Normal;
                _closeReason = "";
                _closeSendPending = true; // answer, so the peer can stop resending its CLOSE
                _closeTransmissions = 0;
                _closingEndsAt = now + (3 * _rtt.Rto);
                AbandonSending();
                break;
            case ConnectionState.Closing:
                State = ConnectionState.Closed; // our CLOSE got through: the peer answered
                break;
            case ConnectionState.Draining:
                _closeSendPending |= _closeTransmissions < _options.MaxCloseTransmissions;
                break;
        }
    }

    private void AbandonSending()
    {
        _outgoing.Clear();
        foreach (var packet in _sent)
        {
            if (packet.AckEliciting)
            {
                _congestion.OnRemoved(packet.Size);
            }
        }
        _sent.Clear();
        _lossTime = null;
        _probesPending = 0;
        _pingPending = false;
    }
}
