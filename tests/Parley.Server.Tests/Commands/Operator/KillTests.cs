using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Operator;

public sealed class KillTests
{
    private static (HubHarness Harness, TestClient Oper, TestClient Victim, TestClient Peer) Setup()
    {
        var harness = new HubHarness();
        var oper = harness.Connect("oper");
        oper.Session.Modes |= UserModes.Operator;
        var victim = harness.Connect("victim");
        var peer = harness.Connect("peer");
        victim.Send("JOIN #room");
        peer.Send("JOIN #room");
        victim.Drain();
        peer.Drain();
        return (harness, oper, victim, peer);
    }

    [Fact]
    public void Kill_by_a_non_operator_is_481_and_kills_nobody()
    {
        var (_, _, victim, peer) = Setup();
        peer.Send("KILL victim :bye");
        Assert.Equal(Numerics.ERR_NOPRIVILEGES, Assert.Single(peer.Drain()).Command);
        Assert.False(victim.Connection.IsClosed);
    }

    [Fact]
    public void Kill_disconnects_the_victim_with_kill_and_error()
    {
        var (harness, oper, victim, _) = Setup();
        oper.Send("KILL victim :spamming");
        var lines = victim.Drain();
        Assert.Equal(["KILL", "ERROR"], lines.Select(m => m.Command));
        Assert.StartsWith("oper!", lines[0].Source);
        Assert.Equal(["victim", "spamming"], lines[0].Parameters);
        Assert.Contains("Killed (oper (spamming))", lines[1].Parameters[0]);
        Assert.True(victim.Connection.IsClosed);
        Assert.Null(harness.Hub.Nicks.Find("victim"));
    }

    [Fact]
    public void Kill_shows_peers_a_quit_with_the_killer_and_reason()
    {
        var (_, oper, _, peer) = Setup();
        oper.Send("KILL victim :spamming");
        var quit = Assert.Single(peer.Drain());
        Assert.Equal("QUIT", quit.Command);
        Assert.StartsWith("victim!", quit.Source);
        Assert.Equal(["Killed (oper (spamming))"], quit.Parameters);
    }

    [Fact]
    public void Kill_without_a_reason_still_disconnects()
    {
        var (_, oper, victim, _) = Setup();
        oper.Send("KILL victim");
        Assert.True(victim.Connection.IsClosed);
    }

    [Fact]
    public void Kill_of_an_unknown_nick_is_401()
    {
        var (_, oper, _, _) = Setup();
        oper.Send("KILL ghost :x");
        Assert.Equal(Numerics.ERR_NOSUCHNICK, Assert.Single(oper.Drain()).Command);
    }

    [Fact]
    public void Kill_of_the_server_is_483()
    {
        var (_, oper, _, _) = Setup();
        oper.Send("KILL test.server :x");
        Assert.Equal(Numerics.ERR_CANTKILLSERVER, Assert.Single(oper.Drain()).Command);
    }
}
