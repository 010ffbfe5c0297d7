using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class MonitorTests
{
    [Fact]
    public void Monitor_is_advertised_in_isupport_with_its_limit()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectRaw();
        alice.Send("NICK alice");
        alice.Send("USER alice 0 * :Alice");
        var tokens = alice.Drain().Where(m => m.Command == Numerics.RPL_ISUPPORT).SelectMany(m => m.Parameters);
        Assert.Contains($"MONITOR={ServerSupport.MaxMonitorEntries}", tokens);
    }

    [Fact]
    public void Adding_an_offline_nick_answers_731_with_the_nick_as_given()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + Bob");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_MONOFFLINE, reply.Command);
        Assert.Equal(["alice", "Bob"], reply.Parameters);
    }

    [Fact]
    public void Adding_an_online_nick_answers_730_with_the_full_mask()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        harness.Connect("Bob");
        alice.Send("MONITOR + bob");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_MONONLINE, reply.Command);
        Assert.Equal(["alice", "Bob!~bob@127.0.0.1"], reply.Parameters);
    }

    [Fact]
    public void Adding_several_nicks_groups_online_and_offline_ones_in_one_line_each()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        harness.Connect("bob");
        harness.Connect("carol");
        alice.Send("MONITOR + bob,dave,carol,erin");
        var replies = alice.Drain();
        Assert.Equal(2, replies.Count);
        Assert.Equal(Numerics.RPL_MONONLINE, replies[0].Command);
        Assert.Equal("bob!~bob@127.0.0.1,carol!~carol@127.0.0.1", replies[0].Parameters[1]);
        Assert.Equal(Numerics.RPL_MONOFFLINE, replies[1].Command);
        Assert.Equal("dave,erin", replies[1].Parameters[1]);
    }

    [Fact]
    public void A_long_status_report_is_split_into_lines_that_fit_512_bytes()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var nicks = Enumerable.Range(0, ServerSupport.MaxMonitorEntries).Select(i => $"nobody{i:D3}xyzw").ToList();
        foreach (var chunk in nicks.Chunk(25))
        {
            alice.Send("MONITOR + " + string.Join(',', chunk));
        }
        alice.Drain();
        alice.Send("MONITOR S");
        var lines = alice.DrainLines();
        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(l.Length + 2 <= IrcLimits.MaxBodyBytes, $"{l.Length}: {l}"));
        var listed = lines.Select(l => IrcParser.Parse(l)!).SelectMany(m => m.Parameters[1].Split(','));
        Assert.Equal(nicks, listed);
    }

    [Fact]
    public void A_watched_nick_registering_is_announced_with_730()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + bob");
        alice.Drain();
        harness.Connect("bob");
        var online = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_MONONLINE, online.Command);
        Assert.Equal(["alice", "bob!~bob@127.0.0.1"], online.Parameters);
    }

    [Fact]
    public void A_watched_nick_quitting_is_announced_with_731()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        alice.Send("MONITOR + bob");
        alice.Drain();
        bob.Send("QUIT :bye");
        var offline = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_MONOFFLINE, offline.Command);
        Assert.Equal(["alice", "bob"], offline.Parameters);
    }

    [Fact]
    public void A_watched_nick_disconnected_by_the_server_is_announced_with_731()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        alice.Send("MONITOR + bob");
        alice.Drain();
        harness.Hub.Disconnect(bob.Session, "Connection reset");
        Assert.Equal(Numerics.RPL_MONOFFLINE, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void An_unregistered_connection_holding_a_watched_nick_is_neither_online_nor_announced_offline()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + bob");
        alice.Drain();
        var half = harness.ConnectRaw();
        half.Send("NICK bob");
        Assert.Empty(alice.Drain());
        alice.Send("MONITOR S");
        Assert.Equal(Numerics.RPL_MONOFFLINE, Assert.Single(alice.Drain()).Command);
        harness.Hub.Disconnect(half.Session, "gone");
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public void A_nick_change_takes_the_old_nick_offline_and_brings_the_new_one_online()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        alice.Send("MONITOR + bob,robert");
        alice.Drain();
        bob.Send("NICK Robert");
        var replies = alice.Drain();
        Assert.Equal(2, replies.Count);
        Assert.Equal(Numerics.RPL_MONOFFLINE, replies[0].Command);
        Assert.Equal("bob", replies[0].Parameters[1]);
        Assert.Equal(Numerics.RPL_MONONLINE, replies[1].Command);
        Assert.Equal("Robert!~bob@127.0.0.1", replies[1].Parameters[1]);
    }

    [Fact]
    public void A_change_of_case_only_announces_nothing_and_later_offline_uses_the_current_spelling()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var bob = harness.Connect("bob");
        alice.Send("MONITOR + bob");
        alice.Drain();
        bob.Send("NICK BOB");
        Assert.Empty(alice.Drain());
        bob.Send("NICK carl");
        var offline = Assert.Single(alice.Drain());
        Assert.Equal(["alice", "BOB"], offline.Parameters);
    }

    [Fact]
    public void Removing_a_nick_answers_nothing_and_stops_the_notifications()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + bob");
        alice.Drain();
        alice.Send("MONITOR - BOB");
        Assert.Empty(alice.Drain());
        var bob = harness.Connect("bob");
        bob.Send("QUIT");
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public void One_watcher_removing_a_nick_leaves_the_other_watchers_notified()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var carol = harness.Connect("carol");
        alice.Send("MONITOR + bob");
        carol.Send("MONITOR + bob");
        carol.Send("MONITOR - bob");
        alice.Drain();
        carol.Drain();
        harness.Connect("bob");
        Assert.Equal(Numerics.RPL_MONONLINE, Assert.Single(alice.Drain()).Command);
        Assert.Empty(carol.Drain());
    }

    [Fact]
    public void Masks_and_other_non_nicks_are_refused_with_432_and_never_watched()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + *!user@localhost,#room,bob");
        var replies = alice.Drain();
        Assert.Equal([Numerics.ERR_ERRONEUSNICKNAME, Numerics.ERR_ERRONEUSNICKNAME, Numerics.RPL_MONOFFLINE], replies.Select(m => m.Command));
        Assert.Equal("*!user@localhost", replies[0].Parameters[1]);
        alice.Send("MONITOR L");
        Assert.Equal("bob", alice.Drain()[0].Parameters[1]);
    }

    [Fact]
    public void List_shows_the_watched_nicks_as_given_then_733()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR L");
        var empty = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.RPL_ENDOFMONLIST, empty.Command);
        Assert.Equal("alice", empty.Parameters[0]);

        alice.Send("MONITOR + Bob,carol");
        alice.Send("MONITOR + BOB");
        alice.Drain();
        alice.Send("MONITOR L");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_MONLIST, Numerics.RPL_ENDOFMONLIST], replies.Select(m => m.Command));
        Assert.Equal(["Bob", "carol"], replies[0].Parameters[1].Split(',').Order());
    }

    [Fact]
    public void Clear_empties_the_list_without_a_reply()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + bob,carol");
        alice.Drain();
        alice.Send("MONITOR C");
        Assert.Empty(alice.Drain());
        alice.Send("MONITOR L");
        Assert.Equal(Numerics.RPL_ENDOFMONLIST, Assert.Single(alice.Drain()).Command);
        harness.Connect("bob");
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public void Status_reports_every_watched_nick()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        harness.Connect("bob");
        alice.Send("MONITOR + bob,carol");
        alice.Drain();
        alice.Send("MONITOR s");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_MONONLINE, Numerics.RPL_MONOFFLINE], replies.Select(m => m.Command));
        Assert.Equal("carol", replies[1].Parameters[1]);
    }

    [Fact]
    public void Adding_past_the_limit_answers_734_with_the_nicks_left_out()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        foreach (var chunk in Enumerable.Range(0, ServerSupport.MaxMonitorEntries - 1).Select(i => $"n{i}").Chunk(50))
        {
            alice.Send("MONITOR + " + string.Join(',', chunk));
        }
        alice.Drain();
        alice.Send("MONITOR + last,extra1,extra2");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_MONOFFLINE, Numerics.ERR_MONLISTFULL], replies.Select(m => m.Command));
        Assert.Equal("last", replies[0].Parameters[1]);
        Assert.Equal(["alice", ServerSupport.MaxMonitorEntries.ToString(), "extra1,extra2", "Monitor list is full"], replies[1].Parameters);
        Assert.Equal(ServerSupport.MaxMonitorEntries, harness.Hub.Monitors.CountOf(alice.Session));
    }

    [Theory]
    [InlineData("MONITOR +", Numerics.ERR_NEEDMOREPARAMS)]
    [InlineData("MONITOR - ,", Numerics.ERR_NEEDMOREPARAMS)]
    [InlineData("MONITOR", Numerics.ERR_NEEDMOREPARAMS)]
    [InlineData("MONITOR X bob", Numerics.ERR_UNKNOWNERROR)]
    public void Malformed_monitor_commands_get_an_error(string line, string numeric)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send(line);
        Assert.Equal(numeric, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void A_watcher_that_leaves_is_forgotten()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("MONITOR + bob,carol");
        alice.Send("QUIT");
        Assert.Equal(0, harness.Hub.Monitors.WatchedNickCount);
        Assert.Empty(harness.Hub.Monitors.WatchersOf("bob"));
    }

    [Fact]
    public void Watchers_with_extended_monitor_and_away_notify_hear_of_away_changes()
    {
        var harness = new HubHarness();
        var watcher = harness.Connect("alice", "extended-monitor", "away-notify");
        var bob = harness.Connect("bob");
        watcher.Send("MONITOR + bob");
        watcher.Drain();

        bob.Send("AWAY :lunch");
        var away = Assert.Single(watcher.Drain());
        Assert.Equal("AWAY", away.Command);
        Assert.StartsWith("bob!", away.Source);
        Assert.Equal(["lunch"], away.Parameters);

        bob.Send("AWAY");
        Assert.Empty(Assert.Single(watcher.Drain()).Parameters);
    }

    [Theory]
    [InlineData("away-notify")]
    [InlineData("extended-monitor")]
    public void Watchers_missing_either_capability_hear_nothing_of_away_changes(string onlyCap)
    {
        var harness = new HubHarness();
        var watcher = harness.Connect("alice", onlyCap);
        var bob = harness.Connect("bob");
        watcher.Send("MONITOR + bob");
        watcher.Drain();
        bob.Send("AWAY :lunch");
        Assert.Empty(watcher.Drain());
    }

    [Fact]
    public void Watchers_with_extended_monitor_and_setname_hear_of_real_name_changes()
    {
        var harness = new HubHarness();
        var watcher = harness.Connect("alice", "extended-monitor", "setname");
        var other = harness.Connect("carol", "setname");
        var bob = harness.Connect("bob", "setname");
        watcher.Send("MONITOR + bob");
        watcher.Drain();

        bob.Send("SETNAME :Robert");
        var change = Assert.Single(watcher.Drain());
        Assert.Equal("SETNAME", change.Command);
        Assert.Equal(["Robert"], change.Parameters);
        Assert.Empty(other.Drain());
    }

    [Fact]
    public void A_watcher_sharing_a_room_hears_an_away_change_once()
    {
        var harness = new HubHarness();
        var watcher = harness.Connect("alice", "extended-monitor", "away-notify");
        var bob = harness.Connect("bob");
        watcher.Send("JOIN #room");
        bob.Send("JOIN #room");
        watcher.Send("MONITOR + bob");
        watcher.Drain();
        bob.Send("AWAY :lunch");
        Assert.Single(watcher.Drain());
    }
}
