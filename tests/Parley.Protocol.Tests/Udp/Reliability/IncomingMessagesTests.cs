using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class IncomingMessagesTests
{
    private static FragmentFrame Fragment(ulong id, int index, int count, params byte[] payload) => new(id, index, count, payload);

    private static FragmentVerdict Offer(IncomingMessages incoming, FragmentFrame fragment)
    {
        var verdict = incoming.Check(fragment, out _, out _);
        if (verdict == FragmentVerdict.New)
        {
            incoming.Add(fragment);
        }
        return verdict;
    }

    private static List<string> TakeAll(IncomingMessages incoming)
    {
        var messages = new List<string>();
        while (incoming.TryTakeNext(out var message))
        {
            messages.Add(Convert.ToHexString(message.Span));
        }
        return messages;
    }

    [Fact]
    public void Fragments_in_any_order_make_whole_messages_in_id_order()
    {
        var incoming = new IncomingMessages();
        Offer(incoming, Fragment(1, 0, 1, 0xBB));
        Offer(incoming, Fragment(0, 2, 3, 0x03));
        Assert.Empty(TakeAll(incoming));
        Offer(incoming, Fragment(0, 0, 3, 0x01));
        Offer(incoming, Fragment(0, 1, 3, 0x02, 0x02));
        Assert.Equal(["01020203", "BB"], TakeAll(incoming));
        Assert.Equal(2UL, incoming.NextExpected);
        Assert.Equal(0, incoming.BufferedBytes);
    }

    [Fact]
    public void Repeats_are_duplicates_before_and_after_delivery()
    {
        var incoming = new IncomingMessages();
        Assert.Equal(FragmentVerdict.New, Offer(incoming, Fragment(0, 0, 2, 1)));
        Assert.Equal(FragmentVerdict.Duplicate, Offer(incoming, Fragment(0, 0, 2, 1)));
        Offer(incoming, Fragment(0, 1, 2, 2));
        Assert.Single(TakeAll(incoming));
        Assert.Equal(FragmentVerdict.Duplicate, Offer(incoming, Fragment(0, 1, 2, 2)));
        Assert.Empty(TakeAll(incoming));
    }

    [Fact]
    public void A_copy_of_a_delivered_message_added_beside_new_fragments_is_not_stored()
    {
        // The connection adds every fragment of a packet it accepted, duplicates included.
        var incoming = new IncomingMessages();
        incoming.Add(Fragment(0, 0, 1, 0xAA));
        Assert.Single(TakeAll(incoming));

        incoming.Add(Fragment(0, 0, 1, 0xAA));
        incoming.Add(Fragment(2, 0, 1, 0xCC));

        Assert.Equal(1, incoming.BufferedBytes); // message 2 only
        incoming.Add(Fragment(1, 0, 1, 0xBB));
        Assert.Equal(["BB", "CC"], TakeAll(incoming));
        Assert.Equal(0, incoming.BufferedBytes);
    }

    [Fact]
    public void Messages_64_or_more_ahead_are_outside_the_window()
    {
        var incoming = new IncomingMessages();
        Assert.Equal(FragmentVerdict.New, Offer(incoming, Fragment(63, 0, 1, 1)));
        Assert.Equal(FragmentVerdict.OutsideWindow, Offer(incoming, Fragment(64, 0, 1, 1)));
        Offer(incoming, Fragment(0, 0, 1, 1));
        TakeAll(incoming);
        Assert.Equal(FragmentVerdict.New, Offer(incoming, Fragment(64, 0, 1, 1)));
    }

    [Fact]
    public void The_buffer_holds_at_most_64_KiB_that_cannot_be_delivered()
    {
        var incoming = new IncomingMessages();
        Assert.True(incoming.HasRoomFor(UdpLimits.MessageWindowBytes));
        Offer(incoming, Fragment(1, 0, 1, new byte[UdpLimits.MessageWindowBytes - 10]));
        Assert.True(incoming.HasRoomFor(10));
        Assert.False(incoming.HasRoomFor(11));
    }

    [Fact]
    public void The_next_message_to_deliver_is_always_taken_and_does_not_count_against_the_buffer()
    {
        var incoming = new IncomingMessages();
        Offer(incoming, Fragment(1, 0, 1, new byte[UdpLimits.MessageWindowBytes]));
        Assert.False(incoming.HasRoomFor(1));
        Assert.Equal(FragmentVerdict.New, incoming.Check(Fragment(0, 0, 2, new byte[1000]), out var cost, out _));
        Assert.Equal(0, cost);
        Offer(incoming, Fragment(0, 0, 2, new byte[1000]));
        Assert.False(incoming.HasRoomFor(1));
        Assert.Equal(FragmentVerdict.New, incoming.Check(Fragment(2, 0, 1, new byte[1]), out var later, out _));
        Assert.Equal(1, later);
    }

    [Fact]
    public void A_message_sent_with_two_fragment_counts_or_over_16_KiB_is_a_violation()
    {
        var incoming = new IncomingMessages();
        Offer(incoming, Fragment(0, 0, 3, 1));
        Assert.Equal(FragmentVerdict.Violation, incoming.Check(Fragment(0, 1, 4, 1), out _, out var why));
        Assert.Contains("3 and as 4", why, StringComparison.Ordinal);

        var big = new IncomingMessages();
        Offer(big, Fragment(0, 0, 2, new byte[UdpLimits.MaxMessageSize]));
        Assert.Equal(FragmentVerdict.Violation, big.Check(Fragment(0, 1, 2, 1), out _, out _));
    }
}
