using Parley.Protocol.Udp.Reliability;

namespace Parley.Protocol.Tests.Udp.Reliability;

public sealed class RttEstimatorTests
{
    private const long Ms = 1000;

    private static RttEstimator Estimator() => new(ReliableConnectionOptions.Default);

    [Fact]
    public void Before_any_sample_the_timeout_is_the_initial_one()
    {
        var rtt = Estimator();
        Assert.Null(rtt.Smoothed);
        Assert.Equal(1000 * Ms, rtt.Rto);
    }

    [Fact]
    public void The_first_sample_sets_srtt_and_half_of_it_as_rttvar()
    {
        var rtt = Estimator();
        rtt.AddSample(100 * Ms, 0);
        Assert.Equal(100 * Ms, rtt.Smoothed);
        Assert.Equal(50 * Ms, rtt.Variation);
        // SRTT + 4 RTTVAR + max ack delay = 100 + 200 + 25 ms.
        Assert.Equal(325 * Ms, rtt.Rto);
    }

    [Fact]
    public void Later_samples_follow_rfc_6298_weights()
    {
        var rtt = Estimator();
        rtt.AddSample(100 * Ms, 0);
        rtt.AddSample(200 * Ms, 0);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5.
        Assert.Equal(62_500, rtt.Variation);
        Assert.Equal(112_500, rtt.Smoothed);
    }

    [Fact]
    public void The_peers_ack_delay_is_subtracted_but_never_below_the_minimum_rtt_or_beyond_its_promise()
    {
        var rtt = Estimator();
        rtt.AddSample(40 * Ms, 0);
        rtt.AddSample(60 * Ms, 20 * Ms); // 60 - 20 = 40 >= min 40: adjusted to 40
        Assert.Equal(40 * Ms, rtt.Smoothed);

        var capped = Estimator();
        capped.AddSample(10 * Ms, 0);
        capped.AddSample(110 * Ms, 100 * Ms); // the delay counts only up to the 25 ms promised: 85
        Assert.Equal(((7 * 10 * Ms) + (85 * Ms)) / 8, capped.Smoothed);

        var below = Estimator();
        below.AddSample(50 * Ms, 0);
        below.AddSample(60 * Ms, 20 * Ms); // 60 - 20 = 40 < min 50: the delay is ignored
        Assert.Equal(((7 * 50 * Ms) + (60 * Ms)) / 8, below.Smoothed);
    }

    [Fact]
    public void The_timeout_stays_within_its_bounds()
    {
        var fast = Estimator();
        fast.AddSample(1 * Ms, 0);
        for (var i = 0; i < 50; i++)
        {
            fast.AddSample(1 * Ms, 0);
        }
        Assert.Equal(200 * Ms, fast.Rto);

        var slow = Estimator();
        slow.AddSample(5000 * Ms, 0);
        Assert.Equal(2000 * Ms, slow.Rto);
    }

    [Fact]
    public void Backoff_doubles_the_timeout_up_to_the_maximum()
    {
        var rtt = Estimator();
        rtt.AddSample(30 * Ms, 0); // RTO = 30 + 60 + 25 = 115, raised to the 200 ms minimum
        Assert.Equal(200 * Ms, rtt.RtoWithBackoff(0));
        Assert.Equal(400 * Ms, rtt.RtoWithBackoff(1));
        Assert.Equal(800 * Ms, rtt.RtoWithBackoff(2));
        Assert.Equal(1600 * Ms, rtt.RtoWithBackoff(3));
        Assert.Equal(2000 * Ms, rtt.RtoWithBackoff(4));
        Assert.Equal(2000 * Ms, rtt.RtoWithBackoff(40));
    }

    [Fact]
    public void The_loss_delay_is_nine_eighths_of_the_larger_of_srtt_and_the_latest_sample()
    {
        var rtt = Estimator();
        rtt.AddSample(80 * Ms, 0);
        Assert.Equal(90 * Ms, rtt.LossDelay);
        rtt.AddSample(160 * Ms, 0);
        Assert.Equal(180 * Ms, rtt.LossDelay);
    }
}
