using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Handshake;

public sealed class AmplificationLimitTests
{
    [Fact]
    public void Nothing_may_be_sent_before_anything_is_received()
    {
        var limit = new AmplificationLimit();
        Assert.False(limit.TrySend(1));
        Assert.True(limit.TrySend(0));
        Assert.Equal(0, limit.BytesSent);
    }

    [Fact]
    public void Exactly_three_times_the_received_bytes_may_be_sent_and_not_one_byte_more()
    {
        var limit = new AmplificationLimit();
        limit.OnReceived(5);
        Assert.Equal(15, limit.Allowance);
        Assert.False(limit.TrySend(16));
        Assert.True(limit.TrySend(10));
        Assert.False(limit.TrySend(6));
        Assert.True(limit.TrySend(5));
        Assert.False(limit.TrySend(1));
        Assert.Equal(15, limit.BytesSent);
        limit.OnReceived(1);
        Assert.False(limit.TrySend(4));
        Assert.True(limit.TrySend(3));
        Assert.Equal(0, limit.Allowance);
    }

    [Fact]
    public void Any_sequence_of_receives_and_sends_keeps_within_the_bound()
    {
        var random = new Random(7);
        var limit = new AmplificationLimit();
        for (var i = 0; i < 10_000; i++)
        {
            if (random.Next(2) == 0)
            {
                limit.OnReceived(random.Next(0, 50));
            }
            else
            {
                var before = limit.Allowance;
                var size = random.Next(0, 200);
                Assert.Equal(size <= before, limit.TrySend(size));
            }
            Assert.True(limit.BytesSent <= 3 * limit.BytesReceived);
        }
    }

    [Fact]
    public void A_plain_text_challenge_goes_out_once_the_user_has_sent_a_third_of_it()
    {
        // The 16-byte "code: XXXX-XXXX\n" needs 6 bytes from the user: "hello\n" is enough, "hi\n" is not.
        var line = new PlainTextCode(new CookieKeyRing(new byte[32])).ChallengeLine([127, 0, 0, 1], 9, 0);
        var limit = new AmplificationLimit();
        limit.OnReceived("hi\n".Length);
        Assert.False(limit.TrySend(line.Length));
        limit.OnReceived("hey\n".Length);
        Assert.True(limit.TrySend(line.Length));
        Assert.True(AmplificationLimit.Allows("hello\n".Length, line.Length));
        Assert.False(AmplificationLimit.Allows("hello".Length, line.Length));
    }

    [Fact]
    public void Stateless_single_replies_are_bounded_byte_for_byte()
    {
        Assert.True(AmplificationLimit.Allows(400, 1200));
        Assert.False(AmplificationLimit.Allows(399, 1200));
        Assert.True(AmplificationLimit.Allows(0, 0));
        Assert.True(AmplificationLimit.Allows(UdpLimits.InitialDatagramSize, FrameSizes.Header + FrameSizes.Cookie(RetryCookie.Length)));
    }
}
