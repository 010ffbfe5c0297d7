using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

// The deadlines the driver waits for, and what happens when each one comes.
public sealed partial class ReliableConnection
{
    /// <summary>The time at which <see cref="HandleTimeout"/> must be called next, or null if no timer is running.</summary>
    public long? NextTimeout
    {
        get
        {
            switch (State)
            {
                case ConnectionState.Handshaking:
                    return _initialPending ? _handshakeDeadline : Math.Min(_handshakeRetryAt, _handshakeDeadline);
                case ConnectionState.Connected:
                case ConnectionState.Flushing:
                    long? next = _lastReceived + Micros.From(_options.IdleTimeout);
                    next = Earliest(next, _received.AckDeadline);
                    next = Earliest(next, _lossTime ?? RetransmissionDeadline);
                    if (State == ConnectionState.Connected && !_pingPending)
                    {
                        next = Earliest(next, _lastAckElicitingSent + Micros.From(_options.KeepAliveInterval));
                    }
                    if (State == ConnectionState.Flushing)
                    {
                        next = Earliest(next, _flushDeadline);
                    }
                    return next;
                case ConnectionState.Closing:
                    return _closeSendPending ? null : _closeRetransmitAt ?? _closingEndsAt;
                case ConnectionState.Draining:
                    return _closingEndsAt;
                default:
                    return null;
            }
        }
    }

    /// <summary>Acts on every timer that is due at <paramref name="nowMicros"/>.</summary>
    public void HandleTimeout(long nowMicros)
    {
        switch (State)
        {
            case ConnectionState.Handshaking:
                if (nowMicros >= _handshakeDeadline)
                {
                    RaiseClosed(CloseCode.HandshakeTimeout, "the server did not answer", byPeer: false);
                    State = ConnectionState.Closed;
                }
                else if (!_initialPending && nowMicros >= _handshakeRetryAt)
                {
                    _initialPending = true;
                }
                break;
            case ConnectionState.Connected:
            case ConnectionState.Flushing:
                if (nowMicros >= _lastReceived + Micros.From(_options.IdleTimeout))
                {
                    CloseForIdleness();
                    return;
                }
                if (State == ConnectionState.Flushing && nowMicros >= _flushDeadline)
                {
                    StartClosing(nowMicros);
                    return;
                }
                if (_lossTime is { } lossTime && nowMicros >= lossTime)
                {
                    DetectLosses(nowMicros);
                }
                else if (RetransmissionDeadline is { } rto && nowMicros >= rto)
                {
                    OnRetransmissionTimeout(nowMicros);
                }
                if (State == ConnectionState.Connected
                    && nowMicros >= _lastAckElicitingSent + Micros.From(_options.KeepAliveInterval))
                {
                    _pingPending = true;
                }
                break;
            case ConnectionState.Closing:
                if (_closeRetransmitAt is { } retransmitAt && nowMicros >= retransmitAt)
                {
                    _closeRetransmitAt = null;
                    _closeSendPending = true;
                }
                else if (_closeRetransmitAt is null && !_closeSendPending && nowMicros >= _closingEndsAt)
                {
                    State = ConnectionState.Closed;
                }
                break;
            case ConnectionState.Draining:
                if (nowMicros >= _closingEndsAt)
                {
                    State = ConnectionState.Closed;
                }
                break;
        }
    }
}
