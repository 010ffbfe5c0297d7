namespace Parley.Bench.Scenarios;

/// <summary>What one receiver has seen from each of the senders it should hear: the next sequence number expected per
/// sender, and counts of deliveries, gaps and repeats. Used by that receiver's reader only.</summary>
internal sealed class SequenceLedger
{
    private readonly int[] _next;
    private readonly int _messages;

    /// <summary>A ledger for <paramref name="senders"/> senders of <paramref name="messages"/> each, of which
    /// <paramref name="expectedSenders"/> should reach this receiver (all but itself).</summary>
    public SequenceLedger(int senders, int expectedSenders, int messages)
    {
        _next = new int[senders];
        _messages = messages;
        Expected = (long)expectedSenders * messages;
    }

    /// <summary>Deliveries this receiver should see.</summary>
    public long Expected { get; }

    /// <summary>Deliveries seen once, in order (gaps before them are counted in <see cref="Gaps"/>).</summary>
    public long Delivered;

    /// <summary>Messages skipped over: a later sequence number came first.</summary>
    public long Gaps;

    /// <summary>Messages seen again (a sequence number at or below one already seen).</summary>
    public long Repeats;

    /// <summary>Lines that should not have reached this receiver at all.</summary>
    public long Unexpected;

    /// <summary>The Stopwatch timestamp of the last delivery.</summary>
    public long LastTimestamp;

    /// <summary>Whether every expected sequence position has been seen or skipped.</summary>
    public bool Complete => Delivered + Gaps >= Expected;

    /// <summary>Counts message <paramref name="sequence"/> of sender <paramref name="sender"/> (a local number); returns
    /// true when it was new.</summary>
    public bool Accept(int sender, long sequence, long now)
    {
        var next = _next[sender];
        if (sequence < next || sequence >= _messages)
        {
            Repeats++;
            return false;
        }
        if (sequence > next)
        {
            Gaps += sequence - next;
        }
        _next[sender] = (int)sequence + 1;
        Delivered++;
        LastTimestamp = now;
        return true;
    }

    /// <summary>Messages never seen: the gaps, and what is missing after the last one seen from each sender.</summary>
    public long Lost(int ownSender)
    {
        var tail = 0L;
        for (var s = 0; s < _next.Length; s++)
        {
            if (s != ownSender)
            {
                tail += _messages - _next[s];
            }
        }
        return Gaps + tail;
    }
}
