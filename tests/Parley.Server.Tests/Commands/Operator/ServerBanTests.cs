using System.Net;
using Parley.Protocol.Irc;
using Parley.Server.Doors;
using Parley.Server.Hosting;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Operator;

public sealed class ServerBanTests
{
    private readonly HubHarness _harness = new();
    private readonly TestClient _oper;

    public ServerBanTests()
    {
        _oper = _harness.Connect("oper");
        _oper.Session.Modes |= UserModes.Operator;
    }

    private string LastNotice(TestClient client) =>
        client.Drain().Last(m => m.Command == "NOTICE").Parameters[^1];

    [Fact]
    public void Kline_disconnects_a_matching_user_with_465_and_error_and_peers_see_quit_k_lined()
    {
        var victim = _harness.ConnectFrom("127.0.0.2", "victim");
        var peer = _harness.Connect("peer");
        victim.Send("JOIN #room");
        peer.Send("JOIN #room");
        victim.Drain();
        peer.Drain();

        _oper.Send("KLINE *!*@127.0.0.2 :spamming");

        var lines = victim.Drain();
        Assert.Equal([Numerics.ERR_YOUREBANNEDCREEP, "ERROR"], lines.Select(m => m.Command));
        Assert.Contains("spamming", lines[0].Parameters[^1]);
        Assert.Equal("Closing Link: 127.0.0.2 (K-Lined: spamming)", lines[1].Parameters[0]);
        Assert.True(victim.Connection.IsClosed);
        var quit = Assert.Single(peer.Drain());
        Assert.Equal("QUIT", quit.Command);
        Assert.Equal(["K-Lined"], quit.Parameters);
        Assert.False(peer.Connection.IsClosed);
        Assert.Contains("Added K-line on *!*@127.0.0.2", LastNotice(_oper));
    }

    [Fact]
    public void Kline_matches_nicks_case_insensitively_and_leaves_others_connected()
    {
        var bad = _harness.Connect("BadGuy");
        var good = _harness.Connect("goodguy");
        _oper.Send("KLINE badguy :go away");
        Assert.True(bad.Connection.IsClosed);
        Assert.False(good.Connection.IsClosed);
        Assert.False(_oper.Connection.IsClosed);
    }

    [Fact]
    public void A_klined_client_is_refused_with_465_then_error_when_registration_completes()
    {
        _oper.Send("KLINE *!*@127.0.0.3 :not welcome");
        var client = _harness.ConnectRaw(host: "127.0.0.3");
        client.Send("NICK late");
        Assert.Empty(client.Drain()); // nothing to match before the whole nick!user@host is known
        client.Send("USER late 0 * :Late");
        var lines = client.Drain();
        Assert.Equal([Numerics.ERR_YOUREBANNEDCREEP, "ERROR"], lines.Select(m => m.Command));
        Assert.Equal("Closing Link: 127.0.0.3 (K-Lined: not welcome)", lines[1].Parameters[0]);
        Assert.True(client.Connection.IsClosed);
        Assert.False(client.Session.IsRegistered);
        Assert.Null(_harness.Hub.Nicks.Find("late"));
    }

    [Fact]
    public void A_timed_kline_ends_when_its_time_is_up()
    {
        _oper.Send("KLINE 10 *!*@127.0.0.4 :ten minutes");
        Assert.Contains("expires in 10m", LastNotice(_oper));
        var early = _harness.ConnectRaw(host: "127.0.0.4");
        early.Send("NICK early");
        early.Send("USER early 0 * :Early");
        Assert.True(early.Connection.IsClosed);

        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        var later = _harness.ConnectFrom("127.0.0.4", "later"); // asserts 001
        Assert.False(later.Connection.IsClosed);
        _oper.Send("STATS k");
        Assert.Equal(["219"], _oper.Drain().Select(m => m.Command)); // and it is gone from the list
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2h", 7200)]
    [InlineData("1d12h", 129600)]
    public void Durations_take_units(string duration, int seconds)
    {
        _oper.Send($"KLINE {duration} nobody :x");
        _oper.Drain();
        _oper.Send("STATS K");
        var line = _oper.Drain()[0];
        Assert.Equal("216", line.Command);
        var expires = DateTimeOffset.Parse(line.Parameters[5], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_harness.Time.GetUtcNow().AddSeconds(seconds), expires);
    }

    [Fact]
    public void Unkline_lifts_the_ban()
    {
        _oper.Send("KLINE *!*@127.0.0.5 :x");
        _oper.Send("UNKLINE *!*@127.0.0.5");
        Assert.Contains("Removed the K-line on *!*@127.0.0.5", LastNotice(_oper));
        _harness.ConnectFrom("127.0.0.5", "back"); // asserts 001
        _oper.Send("UNKLINE *!*@127.0.0.5");
        Assert.Contains("No K-line on *!*@127.0.0.5", LastNotice(_oper));
    }

    [Fact]
    public void Stats_k_shows_mask_setter_time_expiry_and_reason_to_operators_only()
    {
        _oper.Send("KLINE Bob!*@* :flooding");
        _oper.Drain();
        _oper.Send("STATS k");
        var lines = _oper.Drain();
        Assert.Equal(["216", "219"], lines.Select(m => m.Command));
        Assert.Equal(["oper", "K", "bob!*@*", "oper", "2026-01-01T12:00:00Z", "permanent", "flooding"], lines[0].Parameters);
        Assert.Equal(["oper", "k", "End of /STATS report"], lines[1].Parameters);

        var user = _harness.Connect("user");
        user.Send("STATS k");
        Assert.Equal(Numerics.ERR_NOPRIVILEGES, user.Drain()[0].Command);
    }

    [Theory]
    [InlineData("KLINE *!*@x :y")]
    [InlineData("UNKLINE *!*@x")]
    [InlineData("DLINE 127.0.0.9 :y")]
    [InlineData("UNDLINE 127.0.0.9")]
    public void Ban_commands_are_for_operators_only(string line)
    {
        var user = _harness.Connect("user");
        user.Send(line);
        Assert.Equal(Numerics.ERR_NOPRIVILEGES, Assert.Single(user.Drain()).Command);
        user.Send("STATS k");
        _oper.Send("STATS k");
        Assert.Equal(["219"], _oper.Drain().Select(m => m.Command));
    }

    [Fact]
    public void An_operator_cannot_ban_itself()
    {
        _oper.Send("KLINE *!*@* :everyone");
        Assert.Contains("not added: it matches you", LastNotice(_oper));
        _oper.Send("DLINE 127.0.0.0/8 :everyone");
        Assert.Contains("not added: it matches you", LastNotice(_oper));
        Assert.False(_oper.Connection.IsClosed);
        _oper.Send("STATS d");
        Assert.Equal(["219"], _oper.Drain().Select(m => m.Command));
    }

    [Theory]
    [InlineData("DLINE 300.1.2.3 :x", "not an IP address")]
    [InlineData("DLINE example.com :x", "not an IP address")]
    [InlineData("KLINE a,b :x", "not a nick!user@host mask")]
    public void A_mask_that_cannot_be_one_is_refused(string line, string answer)
    {
        _oper.Send(line);
        Assert.Contains(answer, LastNotice(_oper));
    }

    [Fact]
    public void Dline_disconnects_every_session_from_the_range_registered_or_not()
    {
        var inRange = _harness.ConnectFrom("127.0.1.7", "inrange");
        var registering = _harness.ConnectRaw(host: "127.0.1.8");
        var outside = _harness.ConnectFrom("127.0.2.1", "outside");
        _oper.Send("DLINE 127.0.1.0/24 :bad subnet");

        var lines = inRange.Drain();
        Assert.Equal("ERROR", Assert.Single(lines).Command);
        Assert.Equal("Closing Link: 127.0.1.7 (D-Lined: bad subnet)", lines[0].Parameters[0]);
        Assert.True(inRange.Connection.IsClosed);
        Assert.True(registering.Connection.IsClosed);
        Assert.False(outside.Connection.IsClosed);
        Assert.Contains("Added D-line on 127.0.1.0/24", LastNotice(_oper));
    }

    [Fact]
    public void The_door_refuses_a_dlined_address_with_the_reason_until_the_dline_is_lifted_or_ends()
    {
        var admission = new AdmissionControl(new LimitOptions(), _harness.Time, _harness.Hub.Bans);
        _oper.Send("DLINE 1h 127.0.0.9 :go away");
        Assert.Equal("D-Lined: go away", admission.TryAdmit(IPAddress.Parse("127.0.0.9")));
        Assert.Equal("D-Lined: go away", admission.TryAdmit(IPAddress.Parse("::ffff:127.0.0.9")));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("127.0.0.10")));

        _harness.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("127.0.0.9")));

        _oper.Send("DLINE 127.0.0.9 :again");
        Assert.NotNull(admission.TryAdmit(IPAddress.Parse("127.0.0.9")));
        _oper.Send("UNDLINE 127.0.0.9");
        Assert.Null(admission.TryAdmit(IPAddress.Parse("127.0.0.9")));
    }

    [Fact]
    public void Dline_of_an_ipv6_range_matches_ipv6_addresses_only()
    {
        var admission = new AdmissionControl(new LimitOptions(), _harness.Time, _harness.Hub.Bans);
        _oper.Send("DLINE 2001:db8::/32 :v6");
        Assert.NotNull(admission.TryAdmit(IPAddress.Parse("2001:db8::5")));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("2001:db9::5")));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("32.1.13.184")));
    }

    [Fact]
    public void Stats_d_lists_dlines_with_their_setter()
    {
        _oper.Send("DLINE 10.0.0.1/8 :corp");
        _oper.Drain();
        _oper.Send("STATS d");
        var lines = _oper.Drain();
        Assert.Equal(["225", "219"], lines.Select(m => m.Command));
        Assert.Equal(["oper", "D", "10.0.0.0/8", "oper", "2026-01-01T12:00:00Z", "permanent", "corp"], lines[0].Parameters);
    }

    [Fact]
    public void Other_operators_are_told_when_a_ban_is_added_and_lifted()
    {
        var other = _harness.Connect("other");
        other.Session.Modes |= UserModes.Operator;
        _oper.Send("KLINE 5m spammer :x");
        _oper.Send("UNKLINE spammer");
        var notices = other.Drain().Select(m => m.Parameters[^1]).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("oper added K-line on spammer!*@*", notices[0]);
        Assert.Contains("oper removed the K-line on spammer!*@*", notices[1]);
    }

    [Fact]
    public void Kill_tells_the_other_operators()
    {
        var other = _harness.Connect("other");
        other.Session.Modes |= UserModes.Operator;
        _harness.Connect("victim");
        _oper.Send("KILL victim :bye");
        Assert.Contains("oper killed victim!", Assert.Single(other.Drain()).Parameters[^1]);
    }

    [Fact]
    public void A_klined_plain_text_user_is_refused_too()
    {
        _oper.Send("KLINE *!*@127.0.0.11 :no");
        var plain = _harness.ConnectRaw(format: Parley.Server.Doors.Plain.PlainWireFormat.Instance, host: "127.0.0.11");
        Parley.Server.Doors.Plain.PlainTextDoor.Attach(_harness.Hub, plain.Session);
        Assert.True(plain.Connection.IsClosed);
        Assert.False(plain.Session.IsRegistered);
    }
}
