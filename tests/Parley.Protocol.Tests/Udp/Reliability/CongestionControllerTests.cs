using Parley.Protocol.Udp.Reliability;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class CongestionControllerTests
{
    private const long D = CongestionController.DatagramSize;

    /// <summary>Sends <paramref name="count"/> full datagrams at <paramref name="at"/>; returns whether each was
    /// window-limited.</summary>
    private static List<bool> SendFull(CongestionController cc, int count)
    {
        var limited = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            Assert.True(cc.CanSend(D));
            limited.Add(cc.IsWindowLimitedAfter(D));
            cc.OnSent(D);
        }
        return limited;
    }

    [Fact]
    public void It_starts_at_ten_datagrams_and_refuses_beyond_the_window()
    {
        var cc = new CongestionController();
        Assert.Equal(10 * D, cc.Window);
        SendFull(cc, 10);
        Assert.False(cc.CanSend(1));
        Assert.Equal(10 * D, cc.BytesInFlight);
    }

    [Fact]
    public void Slow_start_grows_by_every_byte_acknowledged()
    {
        var cc = new CongestionController();
        var limited = SendFull(cc, 10);
        for (var i = 0; i < 10; i++)
        {
            cc.OnAcked(D, sentAt: 1, limited[i]);
        }
        // The first four packets left the window less than half full: they do not count (application-limited).
        Assert.Equal((10 * D) + (6 * D), cc.Window);
        Assert.Equal(0, cc.BytesInFlight);
    }

    [Fact]
    public void A_loss_halves_the_window_once_per_recovery_period()
    {
        var cc = new CongestionController();
        SendFull(cc, 10);
        cc.OnRemoved(D);
        cc.OnCongestionEvent(newestLostSentAt: 5, now: 10);
        Assert.Equal(5 * D, cc.Window);
        Assert.Equal(5 * D, cc.SlowStartThreshold);
        // Another packet sent before recovery began is lost: same event, no second halving.
        cc.OnCongestionEvent(newestLostSentAt: 9, now: 11);
        Assert.Equal(5 * D, cc.Window);
        // Acknowledgements of packets from before recovery do not grow the window.
        cc.OnAcked(D, sentAt: 8, sentWhileWindowLimited: true);
        Assert.Equal(5 * D, cc.Window);
        // A loss of a packet sent after recovery began is a new event.
        cc.OnCongestionEvent(newestLostSentAt: 12, now: 20);
        Assert.Equal(2 * D + (D / 2), cc.Window);
    }

    [Fact]
    public void The_window_never_falls_below_two_datagrams()
    {
        var cc = new CongestionController();
        for (var t = 1; t < 20; t++)
        {
            cc.OnCongestionEvent(newestLostSentAt: (10 * t) + 1, now: (10 * t) + 2);
        }
        Assert.Equal(CongestionController.MinimumWindow, cc.Window);
    }

    [Fact]
    public void Congestion_avoidance_adds_one_datagram_per_window_acknowledged()
    {
        var cc = new CongestionController();
        SendFull(cc, 10);
        cc.OnCongestionEvent(newestLostSentAt: 0, now: 1); // window 6000, threshold 6000: avoidance from here
        cc.OnRemoved(10 * D);
        var window = cc.Window;
        SendFull(cc, 5);
        for (var i = 0; i < 5; i++)
        {
            cc.OnAcked(D, sentAt: 2, sentWhileWindowLimited: true);
        }
        Assert.Equal(window + D, cc.Window);
    }

    [Fact]
    public void A_timeout_drops_to_the_minimum_window()
    {
        var cc = new CongestionController();
        SendFull(cc, 10);
        cc.OnRetransmissionTimeout(now: 5, firstConsecutive: true);
        Assert.Equal(CongestionController.MinimumWindow, cc.Window);
        Assert.Equal(5 * D, cc.SlowStartThreshold);
        cc.OnRetransmissionTimeout(now: 6, firstConsecutive: false);
        Assert.Equal(5 * D, cc.SlowStartThreshold);
    }

    [Fact]
    public void The_window_stops_growing_at_its_maximum()
    {
        var cc = new CongestionController();
        for (var round = 0; round < 50; round++)
        {
            var count = (int)(cc.Window / D);
            var limited = SendFull(cc, count);
            foreach (var l in limited)
            {
                cc.OnAcked(D, sentAt: round, l);
            }
        }
        Assert.Equal(CongestionController.MaximumWindow, cc.Window);
    }
}
