using Parley.Bench.Scenarios;

namespace Parley.Tests.Bench;

/// <summary>The generator's per-sender bookkeeping: what it counts as lost and as repeated.</summary>
public sealed class SequenceLedgerTests
{
    [Fact]
    public void A_gap_counts_as_lost_a_repeat_as_duplicated_and_a_missing_tail_as_lost()
    {
        var ledger = new SequenceLedger(senders: 1, expectedSenders: 1, messages: 6);

        foreach (var sequence in new long[] { 0, 1, 3, 3, 4 })
        {
            ledger.Accept(0, sequence, now: 1);
        }

        Assert.Equal(4, ledger.Delivered);
        Assert.Equal(1, ledger.Gaps);
        Assert.Equal(1, ledger.Repeats);
        Assert.Equal(2, ledger.Lost(ownSender: -1)); // 2 skipped, 5 never came
        Assert.False(ledger.Complete);
    }

    [Fact]
    public void A_receiver_that_also_sends_expects_nothing_from_itself()
    {
        var ledger = new SequenceLedger(senders: 3, expectedSenders: 2, messages: 2);

        foreach (var sender in new[] { 0, 2 })
        {
            ledger.Accept(sender, 0, now: 1);
            ledger.Accept(sender, 1, now: 2);
        }

        Assert.True(ledger.Complete);
        Assert.Equal(0, ledger.Lost(ownSender: 1));
        Assert.Equal(2, ledger.Lost(ownSender: -1)); // counted as a sender it would be missing both
    }
}
