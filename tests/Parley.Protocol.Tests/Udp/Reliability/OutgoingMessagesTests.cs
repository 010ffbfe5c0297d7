using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class OutgoingMessagesTests
{
    private static List<(FragmentRef Fragment, int Count, int Length)> TakeAll(OutgoingMessages outgoing)
    {
        var taken = new List<(FragmentRef, int, int)>();
        while (outgoing.TryPeek(out var fragment, out var count, out var payload))
        {
            outgoing.Take(fragment);
            taken.Add((fragment, count, payload.Length));
        }
        return taken;
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(16384, 16)]
    public void Messages_are_cut_into_1024_byte_fragments(int length, int fragments)
    {
        var outgoing = new OutgoingMessages();
        outgoing.Enqueue(new byte[length]);
        var taken = TakeAll(outgoing);
        Assert.Equal(fragments, taken.Count);
        Assert.All(taken, t => Assert.Equal(fragments, t.Count));
        Assert.Equal(length, taken.Sum(t => t.Length));
        Assert.Equal(Enumerable.Range(0, fragments), taken.Select(t => t.Fragment.Index));
    }

    [Fact]
    public void No_more_than_64_messages_are_started_beyond_the_oldest_unacknowledged()
    {
        var outgoing = new OutgoingMessages();
        for (var i = 0; i < 100; i++)
        {
            outgoing.Enqueue([(byte)i]);
        }
        var first = TakeAll(outgoing);
        Assert.Equal(UdpLimits.MessageWindow, first.Count);
        outgoing.OnAcked(new FragmentRef(1, 0)); // not the oldest: the window does not move
        Assert.Empty(TakeAll(outgoing));
        outgoing.OnAcked(new FragmentRef(0, 0)); // 0 and 1 are done: two more may start
        Assert.Equal([64UL, 65UL], TakeAll(outgoing).Select(t => t.Fragment.MessageId));
    }

    [Fact]
    public void No_more_than_64_KiB_of_messages_are_started_beyond_the_oldest_unacknowledged()
    {
        var outgoing = new OutgoingMessages();
        for (var i = 0; i < 6; i++)
        {
            outgoing.Enqueue(new byte[UdpLimits.MaxMessageSize]);
        }
        var taken = TakeAll(outgoing);
        Assert.Equal([0UL, 1UL, 2UL, 3UL], taken.Select(t => t.Fragment.MessageId).Distinct());
        Assert.Equal(UdpLimits.MessageWindowBytes, taken.Sum(t => t.Length));
    }

    [Fact]
    public void Lost_fragments_go_first_oldest_first_and_acknowledged_ones_never_again()
    {
        var outgoing = new OutgoingMessages();
        outgoing.Enqueue(new byte[3000]);
        outgoing.Enqueue(new byte[10]);
        Assert.Equal(4, TakeAll(outgoing).Count);
        outgoing.Enqueue(new byte[20]);
        outgoing.OnLost(new FragmentRef(1, 0));
        outgoing.OnLost(new FragmentRef(0, 2));
        outgoing.OnLost(new FragmentRef(0, 1));
        outgoing.OnAcked(new FragmentRef(0, 1));
        var again = TakeAll(outgoing);
        Assert.Equal([new FragmentRef(0, 2), new FragmentRef(1, 0), new FragmentRef(2, 0)], again.Select(t => t.Fragment));
    }

    [Fact]
    public void Queued_bytes_count_until_the_whole_message_is_acknowledged()
    {
        var outgoing = new OutgoingMessages();
        outgoing.Enqueue(new byte[2000]);
        outgoing.Enqueue(new byte[5]);
        TakeAll(outgoing);
        Assert.Equal(2005, outgoing.QueuedBytes);
        outgoing.OnAcked(new FragmentRef(0, 0));
        outgoing.OnAcked(new FragmentRef(1, 0));
        Assert.Equal(2005, outgoing.QueuedBytes);
        outgoing.OnAcked(new FragmentRef(0, 1));
        Assert.Equal(0, outgoing.QueuedBytes);
        Assert.True(outgoing.IsEmpty);
    }
}
