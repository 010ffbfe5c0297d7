using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Wire;

public sealed class VarIntTests
{
    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(63UL, 1)]
    [InlineData(64UL, 2)]
    [InlineData(16383UL, 2)]
    [InlineData(16384UL, 4)]
    [InlineData(1073741823UL, 4)]
    [InlineData(1073741824UL, 8)]
    [InlineData(UdpLimits.MaxVarInt, 8)]
    public void Values_take_the_shortest_length_and_read_back(ulong value, int size)
    {
        var buffer = new byte[8];
        Assert.Equal(size, VarInt.Write(buffer, value));
        Assert.Equal(size, VarInt.SizeOf(value));
        Assert.True(VarInt.TryRead(buffer, out var read, out var length));
        Assert.Equal(value, read);
        Assert.Equal(size, length);
    }

    [Fact]
    public void Examples_from_rfc_9000_appendix_a_decode()
    {
        Assert.True(VarInt.TryRead(Convert.FromHexString("c2197c5eff14e88c"), out var eight, out _));
        Assert.Equal(151288809941952652UL, eight);
        Assert.True(VarInt.TryRead(Convert.FromHexString("9d7f3e7d"), out var four, out _));
        Assert.Equal(494878333UL, four);
        Assert.True(VarInt.TryRead(Convert.FromHexString("7bbd"), out var two, out _));
        Assert.Equal(15293UL, two);
        Assert.True(VarInt.TryRead(Convert.FromHexString("25"), out var one, out _));
        Assert.Equal(37UL, one);
        Assert.True(VarInt.TryRead(Convert.FromHexString("4025"), out var longForm, out var longLength));
        Assert.Equal(37UL, longForm);
        Assert.Equal(2, longLength);
    }

    [Fact]
    public void A_cut_short_integer_does_not_read()
    {
        Assert.False(VarInt.TryRead([], out _, out _));
        Assert.False(VarInt.TryRead([0x40], out _, out _));
        Assert.False(VarInt.TryRead([0x80, 0, 0], out _, out _));
        Assert.False(VarInt.TryRead([0xC0, 0, 0, 0, 0, 0, 0], out _, out _));
    }

    [Fact]
    public void Values_over_two_to_the_62_cannot_be_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.SizeOf(UdpLimits.MaxVarInt + 1));
    }
}
