namespace Parley.Server.Doors.Udp;

/// <summary>What a UDP door did with its datagrams: for the periodic log line and for tests. Written by the door's loop
/// only, readable from any thread.</summary>
public sealed class UdpDoorCounters
{
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _datagramsSent;
    private long _bytesSent;
    private long _malformed;
    private long _wrongAddress;
    private long _duplicates;
    private long _refusedBySession;
    private long _replayedHandshakes;
    private long _unexpected;
    private long _overloaded;
    private long _retriesSent;
    private long _statelessClosesSent;
    private long _challengesSent;
    private long _challengesWithheld;
    private long _sessionsAccepted;
    private long _plainSessionsAccepted;
    private long _activeSessions;
    private long _activePlainSessions;

    /// <summary>Datagrams read from the socket.</summary>
    public long DatagramsReceived => Volatile.Read(ref _datagramsReceived);

    /// <summary>Bytes in those datagrams.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Datagrams written to the socket.</summary>
    public long DatagramsSent => Volatile.Read(ref _datagramsSent);

    /// <summary>Bytes in those datagrams.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>Datagrams with the protocol's magic that did not decode (truncated, oversized, unknown types, bad
    /// fields, another version), whether or not their connection id was known.</summary>
    public long Malformed => Volatile.Read(ref _malformed);

    /// <summary>Datagrams for a session that came from another address or port than the one its cookie validated.</summary>
    public long WrongAddress => Volatile.Read(ref _wrongAddress);

    /// <summary>DATA packets a session had already received (replayed or duplicated), not processed again.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Well-formed datagrams a session refused: fragments outside its window, packets its state does not
    /// expect.</summary>
    public long RefusedBySession => Volatile.Read(ref _refusedBySession);

    /// <summary>INITIALs with a valid cookie for a connection id whose session has just ended.</summary>
    public long ReplayedHandshakes => Volatile.Read(ref _replayedHandshakes);

    /// <summary>Well-formed datagrams that belong to no session and need no answer (a RETRY sent to the server, a
    /// CLOSE for an unknown id, anything while the door stops accepting).</summary>
    public long Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Datagrams dropped because the door's loop was that far behind.</summary>
    public long Overloaded => Volatile.Read(ref _overloaded);

    /// <summary>RETRY datagrams sent (no state kept).</summary>
    public long RetriesSent => Volatile.Read(ref _retriesSent);

    /// <summary>Stateless CLOSE(UnknownConnection) answers sent.</summary>
    public long StatelessClosesSent => Volatile.Read(ref _statelessClosesSent);

    /// <summary>Plain-text challenge lines sent.</summary>
    public long ChallengesSent => Volatile.Read(ref _challengesSent);

    /// <summary>Plain-text datagrams left unanswered because the amplification ledger did not allow a challenge yet.</summary>
    public long ChallengesWithheld => Volatile.Read(ref _challengesWithheld);

    /// <summary>Sessions of Parley's protocol created (cookie validated).</summary>
    public long SessionsAccepted => Volatile.Read(ref _sessionsAccepted);

    /// <summary>Plain-text sessions created (code validated).</summary>
    public long PlainSessionsAccepted => Volatile.Read(ref _plainSessionsAccepted);

    /// <summary>Sessions of Parley's protocol the door holds now (closing ones included, until drained).</summary>
    public long ActiveSessions => Volatile.Read(ref _activeSessions);

    /// <summary>Plain-text sessions the door holds now.</summary>
    public long ActivePlainSessions => Volatile.Read(ref _activePlainSessions);

    /// <summary>Every datagram dropped without effect, whatever the reason.</summary>
    public long Dropped => Malformed + WrongAddress + Duplicates + RefusedBySession + ReplayedHandshakes + Unexpected + Overloaded;

    internal void OnReceived(int bytes)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void OnSent(int bytes)
    {
        Interlocked.Increment(ref _datagramsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void AddMalformed(long count = 1) => Interlocked.Add(ref _malformed, count);

    internal void AddWrongAddress() => Interlocked.Increment(ref _wrongAddress);

    internal void AddDuplicates(long count) => Interlocked.Add(ref _duplicates, count);

    internal void AddRefusedBySession(long count) => Interlocked.Add(ref _refusedBySession, count);

    internal void AddReplayedHandshake() => Interlocked.Increment(ref _replayedHandshakes);

    internal void AddUnexpected() => Interlocked.Increment(ref _unexpected);

    internal void AddOverloaded() => Interlocked.Increment(ref _overloaded);

    internal void AddRetrySent() => Interlocked.Increment(ref _retriesSent);

    internal void AddStatelessCloseSent() => Interlocked.Increment(ref _statelessClosesSent);

    internal void AddChallengeSent() => Interlocked.Increment(ref _challengesSent);

    internal void AddChallengeWithheld() => Interlocked.Increment(ref _challengesWithheld);

    internal void OnSessionOpened()
    {
        Interlocked.Increment(ref _sessionsAccepted);
        Interlocked.Increment(ref _activeSessions);
    }

    internal void OnSessionForgotten() => Interlocked.Decrement(ref _activeSessions);

    internal void OnPlainSessionOpened()
    {
        Interlocked.Increment(ref _plainSessionsAccepted);
        Interlocked.Increment(ref _activePlainSessions);
    }

    internal void OnPlainSessionForgotten() => Interlocked.Decrement(ref _activePlainSessions);
}
