using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

/// <summary>+C: CTCP requests to the room are refused, ACTION (/me) still goes through.</summary>
public sealed class NoCtcpTests
{
    private static (TestClient Op, TestClient User) RoomWithNoCtcp(HubHarness h)
    {
        var op = h.Joined("chanop", "#r");
        var user = h.Joined("user", "#r");
        op.Send("MODE #r +C");
        RoomFixture.DrainAll(op, user);
        return (op, user);
    }

    [Fact]
    public void Action_still_reaches_the_room()
    {
        var h = new HubHarness();
        var (op, user) = RoomWithNoCtcp(h);
        user.Send("PRIVMSG #r :\u0001ACTION waves\u0001");
        Assert.Empty(user.Drain());
        Assert.Equal("\u0001ACTION waves\u0001", op.Drain().Only("PRIVMSG").Parameters[1]);
    }

    [Theory]
    [InlineData("\u0001PING 12345\u0001")]
    [InlineData("\u0001VERSION\u0001")]
    [InlineData("\u0001ACTIONS are not actions\u0001")]
    public void Other_ctcp_is_refused_with_404(string text)
    {
        var h = new HubHarness();
        var (op, user) = RoomWithNoCtcp(h);
        user.Send($"PRIVMSG #r :{text}");
        var refusal = Assert.Single(user.Drain());
        Assert.Equal(Numerics.ERR_CANNOTSENDTOCHAN, refusal.Command);
        Assert.Equal(["user", "#r"], refusal.Parameters.Take(2));
        Assert.Empty(op.Drain());
    }

    [Fact]
    public void Ctcp_notice_is_dropped_without_an_answer()
    {
        var h = new HubHarness();
        var (op, user) = RoomWithNoCtcp(h);
        user.Send("NOTICE #r :\u0001VERSION parley\u0001");
        Assert.Empty(user.Drain());
        Assert.Empty(op.Drain());
    }

    [Fact]
    public void Plain_text_and_ctcp_without_the_mode_go_through()
    {
        var h = new HubHarness();
        var op = h.Joined("chanop", "#r");
        var user = h.Joined("user", "#r");
        op.Drain();
        user.Send("PRIVMSG #r :\u0001PING 1\u0001");
        Assert.Single(op.Drain());
        op.Send("MODE #r +C");
        RoomFixture.DrainAll(op, user);
        user.Send("PRIVMSG #r :hello \u0001 there");
        Assert.Single(op.Drain());
    }

    [Fact]
    public void Mode_C_is_shown_in_the_room_modes()
    {
        var h = new HubHarness();
        var (op, _) = RoomWithNoCtcp(h);
        op.Send("MODE #r");
        Assert.Equal(["chanop", "#r", "+Cnt"], op.Drain()[0].Parameters);
        Assert.True(h.Hub.Rooms.Find("#r")!.Modes.HasFlag(RoomModes.NoCtcp));
    }
}
