using Parley.Protocol.Udp.Handshake;

namespace Parley.Protocol.Tests.Udp.Handshake;

public sealed class RetryCookieTests
{
    private const long Second = 1_000_000;
    private static readonly byte[] Address = [192, 0, 2, 7];
    private const int Port = 40000;
    private const ulong Cid = 0xDEADBEEF_00112233;

    private static CookieKeyRing Keys(byte fill = 1) => new(Enumerable.Repeat(fill, 32).ToArray());

    [Fact]
    public void A_fresh_cookie_is_valid_for_the_same_client()
    {
        var cookies = new RetryCookie(Keys());
        var cookie = cookies.Create(Address, Port, Cid, 5 * Second);
        Assert.Equal(RetryCookie.Length, cookie.Length);
        Assert.True(cookies.IsValid(cookie, Address, Port, Cid, 5 * Second));
    }

    [Fact]
    public void A_cookie_is_bound_to_address_port_and_connection_id()
    {
        var cookies = new RetryCookie(Keys());
        var cookie = cookies.Create(Address, Port, Cid, 0);
        Assert.False(cookies.IsValid(cookie, [192, 0, 2, 8], Port, Cid, 0));
        Assert.False(cookies.IsValid(cookie, Address, Port + 1, Cid, 0));
        Assert.False(cookies.IsValid(cookie, Address, Port, Cid + 1, 0));
        Assert.False(cookies.IsValid(cookie, [.. new byte[12], .. Address], Port, Cid, 0));
    }

    [Fact]
    public void A_cookie_lives_at_least_one_bucket_and_less_than_two()
    {
        var cookies = new RetryCookie(Keys(), TimeSpan.FromSeconds(10));
        var made = 13 * Second; // bucket [10 s, 20 s)
        var cookie = cookies.Create(Address, Port, Cid, made);
        Assert.True(cookies.IsValid(cookie, Address, Port, Cid, made + (10 * Second)));
        Assert.True(cookies.IsValid(cookie, Address, Port, Cid, (30 * Second) - 1));
        Assert.False(cookies.IsValid(cookie, Address, Port, Cid, 30 * Second));
        Assert.False(cookies.IsValid(cookie, Address, Port, Cid, (10 * Second) - 1)); // not from the future either
    }

    [Fact]
    public void Buckets_work_before_the_clock_origin_too()
    {
        var cookies = new RetryCookie(Keys(), TimeSpan.FromSeconds(10));
        var cookie = cookies.Create(Address, Port, Cid, -1);
        Assert.True(cookies.IsValid(cookie, Address, Port, Cid, 9 * Second));
        Assert.False(cookies.IsValid(cookie, Address, Port, Cid, 10 * Second));
    }

    [Fact]
    public void After_one_rotation_old_cookies_still_verify_after_two_they_do_not()
    {
        var keys = Keys(1);
        var cookies = new RetryCookie(keys);
        var cookie = cookies.Create(Address, Port, Cid, 0);
        keys.Rotate(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.True(cookies.IsValid(cookie, Address, Port, Cid, 0));
        Assert.NotEqual(cookie, cookies.Create(Address, Port, Cid, 0));
        keys.Rotate(Enumerable.Repeat((byte)3, 32).ToArray());
        Assert.False(cookies.IsValid(cookie, Address, Port, Cid, 0));
    }

    [Fact]
    public void Another_servers_key_does_not_verify()
    {
        var cookie = new RetryCookie(Keys(1)).Create(Address, Port, Cid, 0);
        Assert.False(new RetryCookie(Keys(9)).IsValid(cookie, Address, Port, Cid, 0));
    }

    [Fact]
    public void Tampered_or_cut_cookies_do_not_verify()
    {
        var cookies = new RetryCookie(Keys());
        var cookie = cookies.Create(Address, Port, Cid, 0);
        for (var i = 0; i < cookie.Length; i++)
        {
            var bad = (byte[])cookie.Clone();
            bad[i] ^= 0x01;
            Assert.False(cookies.IsValid(bad, Address, Port, Cid, 0));
        }
        Assert.False(cookies.IsValid(cookie.AsSpan(0, 31), Address, Port, Cid, 0));
        Assert.False(cookies.IsValid([], Address, Port, Cid, 0));
    }

    [Fact]
    public void Short_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CookieKeyRing(new byte[15]));
    }
}
