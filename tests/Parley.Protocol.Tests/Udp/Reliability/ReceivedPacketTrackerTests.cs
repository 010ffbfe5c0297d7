using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class ReceivedPacketTrackerTests
{
    private const long MaxAckDelay = 25_000;

    private static string Ranges(ReceivedPacketTracker tracker) =>
        string.Join(",", tracker.Ranges.Select(r => r.Smallest == r.Largest ? $"{r.Largest}" : $"{r.Smallest}-{r.Largest}"));

    [Fact]
    public void Ranges_merge_as_gaps_fill()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        foreach (var pn in new ulong[] { 0, 1, 5, 3, 9, 7 })
        {
            tracker.OnReceived(pn, ackEliciting: true, now: 0);
        }
        Assert.Equal("9,7,5,3,0-1", Ranges(tracker));
        tracker.OnReceived(2, true, 0);
        tracker.OnReceived(8, true, 0);
        tracker.OnReceived(4, true, 0);
        Assert.Equal("7-9,0-5", Ranges(tracker));
        tracker.OnReceived(6, true, 0);
        Assert.Equal("0-9", Ranges(tracker));
    }

    [Fact]
    public void Seen_numbers_are_duplicates()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        tracker.OnReceived(4, true, 0);
        tracker.OnReceived(6, true, 0);
        Assert.Equal(PacketNumberStatus.Duplicate, tracker.Classify(4));
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(5));
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(3));
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(7));
    }

    [Fact]
    public void One_ack_eliciting_packet_in_order_waits_for_the_max_ack_delay()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        tracker.OnReceived(0, true, now: 1000);
        Assert.False(tracker.IsAckDue(1000));
        Assert.Equal(1000 + MaxAckDelay, tracker.AckDeadline);
        Assert.True(tracker.IsAckDue(1000 + MaxAckDelay));
        var ack = tracker.BuildAck(1000 + MaxAckDelay);
        Assert.Equal((ulong)MaxAckDelay, ack.AckDelayMicros);
    }

    [Fact]
    public void Every_second_ack_eliciting_packet_is_acknowledged_at_once()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        tracker.OnReceived(0, true, 0);
        tracker.OnReceived(1, true, 0);
        Assert.True(tracker.IsAckDue(0));
        tracker.OnAckSent();
        Assert.False(tracker.IsAckDue(0));
        Assert.Null(tracker.AckDeadline);
    }

    [Fact]
    public void A_gap_or_a_duplicate_is_acknowledged_at_once()
    {
        var gap = new ReceivedPacketTracker(MaxAckDelay);
        gap.OnReceived(0, true, 0);
        gap.OnAckSent();
        gap.OnReceived(2, true, 0);
        Assert.True(gap.IsAckDue(0));

        var duplicate = new ReceivedPacketTracker(MaxAckDelay);
        duplicate.OnReceived(0, true, 0);
        duplicate.OnAckSent();
        duplicate.OnDuplicate();
        Assert.True(duplicate.IsAckDue(0));
    }

    [Fact]
    public void Packets_that_ask_for_nothing_are_recorded_but_do_not_make_an_ack_due()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        tracker.OnReceived(0, ackEliciting: false, now: 0);
        tracker.OnReceived(5, ackEliciting: false, now: 0);
        Assert.False(tracker.IsAckDue(long.MaxValue));
        Assert.True(tracker.HasUnsentInformation);
        Assert.Equal("5,0", Ranges(tracker));
    }

    [Fact]
    public void Past_the_range_limit_the_oldest_range_is_forgotten()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        for (ulong pn = 0; pn <= 2 * UdpLimits.MaxAckRanges; pn += 2)
        {
            tracker.OnReceived(pn, true, 0);
        }
        Assert.Equal(UdpLimits.MaxAckRanges, tracker.Ranges.Count);
        Assert.Equal(2UL, tracker.Ranges[^1].Smallest);
        Assert.Equal(PacketNumberStatus.Forgotten, tracker.Classify(0));
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(1)); // above what was forgotten: still a gap to fill
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(3));
        Assert.Equal(UdpLimits.MaxAckRanges, tracker.BuildAck(0).Ranges.Count);
    }

    [Fact]
    public void Once_the_peer_has_our_ack_its_ranges_are_no_longer_reported()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        foreach (var pn in new ulong[] { 0, 1, 2, 4, 6, 7, 9 })
        {
            tracker.OnReceived(pn, true, 0);
        }
        tracker.OnAckAcknowledged(6);
        Assert.Equal("9,7", Ranges(tracker));
        Assert.Equal(PacketNumberStatus.Forgotten, tracker.Classify(5));
        Assert.Equal(PacketNumberStatus.New, tracker.Classify(8));
        tracker.OnAckAcknowledged(3); // an older ACK acknowledged late changes nothing
        Assert.Equal("9,7", Ranges(tracker));
    }

    [Fact]
    public void The_ack_frame_lists_the_ranges_newest_first_and_encodes()
    {
        var tracker = new ReceivedPacketTracker(MaxAckDelay);
        foreach (var pn in new ulong[] { 0, 1, 2, 5, 6, 10 })
        {
            tracker.OnReceived(pn, true, 100);
        }
        var ack = tracker.BuildAck(300);
        Assert.Equal([new AckRange(10, 10), new AckRange(5, 6), new AckRange(0, 2)], ack.Ranges);
        Assert.Equal(200UL, ack.AckDelayMicros);
        var bytes = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, 1, 1), [ack]));
        Assert.True(DatagramCodec.TryDecode(bytes, out var packet, out _));
        Assert.Equal(ack.Ranges, ((AckFrame)packet.Frames[0]).Ranges);
    }
}
