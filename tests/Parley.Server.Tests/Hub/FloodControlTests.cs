using Parley.Protocol.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Hosting;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

/// <summary>Flood control: a burst, then a steady rate; commands past it wait their turn, and a queue past its bound ends
/// the client with "Excess Flood". The harness's clock is fake, so every "later" here is an explicit Advance.</summary>
public sealed class FloodControlTests
{
    /// <summary>A harness where 127.0.0.1 is not exempt, so its clients are throttled with the default limits.</summary>
    private static HubHarness Throttled(Action<ServerOptions>? configure = null) => new(o =>
    {
        o.Limits.Exempt = string.Empty;
        configure?.Invoke(o);
    });

    private static List<string> Pongs(TestClient client) =>
        client.Drain().Where(m => m.Command == "PONG").Select(m => m.Param(1)!).ToList();

    private static void Ping(TestClient client, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            client.Send($"PING {i}");
        }
    }

    [Fact]
    public void A_burst_of_five_runs_at_once_and_the_next_commands_wait_for_two_a_second()
    {
        var h = Throttled();
        var alice = h.Connect("alice");

        Ping(alice, 1, 8);
        Assert.Equal(["1", "2", "3", "4", "5"], Pongs(alice));

        h.Time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(Pongs(alice));
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["6"], Pongs(alice));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["7", "8"], Pongs(alice));
        Assert.Equal(0, h.Hub.ThrottledCount);
    }

    [Fact]
    public void A_command_sent_while_others_wait_waits_behind_them_even_when_a_token_is_free()
    {
        var h = Throttled();
        var alice = h.Connect("alice");
        Ping(alice, 1, 7);
        alice.Drain();

        h.Time.Advance(TimeSpan.FromMilliseconds(300)); // a token is partly earned, none released yet
        alice.Send("PING 8");
        Assert.Empty(Pongs(alice));
        h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["6", "7", "8"], Pongs(alice));
    }

    [Fact]
    public void A_quiet_client_earns_its_burst_back()
    {
        var h = Throttled();
        var alice = h.Connect("alice");
        Ping(alice, 1, 5);
        alice.Drain();
        h.Time.Advance(TimeSpan.FromSeconds(2.5)); // five tokens at two a second
        Ping(alice, 6, 6);
        Assert.Equal(["6", "7", "8", "9", "10"], Pongs(alice));
    }

    [Fact]
    public void A_client_past_the_queue_bound_is_disconnected_with_excess_flood_and_others_see_why()
    {
        var h = Throttled();
        var alice = h.Connect("alice");
        var bob = h.ConnectFrom("192.0.2.1", "bob");
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        alice.Drain();
        bob.Drain();

        Ping(alice, 1, 4 + 40); // JOIN took one token: four more run, forty wait
        Assert.False(alice.Connection.IsClosed);
        alice.Send("PING overflow");

        var lines = alice.DrainLines();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Excess Flood)", lines[^1]);
        Assert.True(alice.Connection.IsClosed);
        Assert.Contains(bob.DrainLines(), l => l.StartsWith(":alice!", StringComparison.Ordinal) && l.EndsWith("QUIT :Excess Flood", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Hub.Sessions, s => s.Nick == "alice");

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(alice.DrainLines()); // nothing that waited runs for a closed session
        Assert.Equal(0, h.Hub.ThrottledCount);
    }

    [Fact]
    public void A_throttled_client_does_not_slow_anyone_else()
    {
        var h = Throttled();
        var alice = h.Connect("alice");
        var bob = h.ConnectFrom("192.0.2.1", "bob");
        Ping(alice, 1, 20);
        Ping(bob, 1, 4);
        Assert.Equal(4, Pongs(bob).Count);
        bob.Send("PRIVMSG alice :hi");
        Assert.Contains(alice.DrainLines(), l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG alice hi", StringComparison.Ordinal));
    }

    [Fact]
    public void Irc_operators_are_not_throttled()
    {
        var h = Throttled(o => o.Operators.Add(new() { Name = "admin", Password = "secret" }));
        var alice = h.Connect("alice");
        alice.Send("OPER admin secret");
        Assert.Contains(alice.Drain(), m => m.Command == Numerics.RPL_YOUREOPER);
        Ping(alice, 1, 100);
        Assert.Equal(100, Pongs(alice).Count);
    }

    [Fact]
    public void Exempt_ranges_are_not_throttled_and_other_addresses_are()
    {
        var h = Throttled(o => o.Limits.Exempt = "192.0.2.0/24, 2001:db8::/32");
        var inside = h.ConnectFrom("192.0.2.77", "inside");
        var inside6 = h.ConnectFrom("2001:db8::5", "inside6");
        var outside = h.ConnectFrom("198.51.100.1", "outside");
        Ping(inside, 1, 60);
        Ping(inside6, 1, 60);
        Ping(outside, 1, 60);
        Assert.Equal(60, Pongs(inside).Count);
        Assert.Equal(60, Pongs(inside6).Count);
        Assert.Equal(5, Pongs(outside).Count);
    }

    [Fact]
    public void Registration_lines_do_not_spend_the_registered_burst()
    {
        var h = Throttled();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("CAP REQ :message-tags");
        client.Send("PASS ignored");
        client.Send("NICK alice");
        client.Send("USER alice 0 * :Alice");
        client.Send("CAP END");
        Assert.Contains(client.Drain(), m => m.Command == Numerics.RPL_WELCOME);

        Ping(client, 1, 5);
        Assert.Equal(5, Pongs(client).Count);
    }

    [Fact]
    public void Before_registration_a_larger_burst_holds_and_then_the_same_rate()
    {
        var h = Throttled();
        var client = h.ConnectRaw();
        Ping(client, 1, 25);
        Assert.Equal(20, Pongs(client).Count);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["21", "22"], Pongs(client));
    }

    [Fact]
    public void Commands_held_back_before_registration_run_in_order_and_register_the_client()
    {
        var h = Throttled(o => o.Limits.FloodRegistrationBurst = 1);
        var client = h.ConnectRaw();
        client.Send("NICK alice");
        client.Send("USER alice 0 * :Alice");
        Assert.DoesNotContain(client.Drain(), m => m.Command == Numerics.RPL_WELCOME);
        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Contains(client.Drain(), m => m.Command == Numerics.RPL_WELCOME);
    }

    [Fact]
    public void Without_a_loop_the_tick_releases_what_waits()
    {
        var h = Throttled();
        h.Hub.Post = null;
        var alice = h.Connect("alice");
        Ping(alice, 1, 6);
        alice.Drain();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Pongs(alice));
        h.Hub.Tick();
        Assert.Equal(["6"], Pongs(alice));
    }

    [Fact]
    public void A_rate_of_zero_turns_flood_control_off()
    {
        var h = Throttled(o => o.Limits.FloodCommandsPerSecond = 0);
        var alice = h.Connect("alice");
        Ping(alice, 1, 200);
        Assert.Equal(200, Pongs(alice).Count);
    }

    [Fact]
    public void An_overlong_line_counts_as_a_command()
    {
        var h = Throttled();
        var alice = h.Connect("alice");
        for (var i = 0; i < 6; i++)
        {
            h.Hub.ReceiveTooLong(alice.Session);
        }
        Assert.Equal(5, alice.Drain().Count(m => m.Command == Numerics.ERR_INPUTTOOLONG));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(alice.Drain(), m => m.Command == Numerics.ERR_INPUTTOOLONG);
    }

    [Fact]
    public void Plain_text_lines_are_throttled_like_commands()
    {
        var h = Throttled();
        var reader = h.ConnectFrom("192.0.2.1", "reader");
        reader.Send("JOIN #lobby");
        var plain = h.ConnectRaw(format: PlainWireFormat.Instance);
        PlainTextDoor.Attach(h.Hub, plain.Session);
        reader.Drain();

        for (var i = 1; i <= 7; i++)
        {
            var line = $"line {i}";
            h.Hub.ReceiveLine(plain.Session, (hub, session) => PlainTextDoor.Receive(hub, session, line));
        }
        Assert.Equal(5, reader.Drain().Count(m => m.Command == "PRIVMSG"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["line 6", "line 7"], reader.Drain().Where(m => m.Command == "PRIVMSG").Select(m => m.Param(1)));
    }

    private static readonly string[] Multiline = ["message-tags", "batch", "draft/multiline"];

    private static void Batch(TestClient client, string reference, int lines)
    {
        client.Send($"BATCH +{reference} draft/multiline #room");
        for (var i = 0; i < lines; i++)
        {
            client.Send($"@batch={reference} PRIVMSG #room :line {i}");
        }
        client.Send($"BATCH -{reference}");
    }

    private static (TestClient Alice, TestClient Bob) MultilineRoom(HubHarness h)
    {
        var alice = h.Connect("alice", Multiline);
        var bob = h.ConnectFrom("192.0.2.1", "bob", Multiline);
        alice.Send("JOIN #room");
        bob.Send("JOIN #room");
        alice.Drain();
        bob.Drain();
        return (alice, bob);
    }

    [Fact]
    public void A_multiline_batch_costs_its_opening_and_closing_not_its_lines()
    {
        var h = Throttled();
        var (alice, bob) = MultilineRoom(h); // alice's JOIN took one token: four are left
        Batch(alice, "a", 100);
        Batch(alice, "b", 100);
        var relayed = bob.Drain();
        Assert.Equal(4, relayed.Count(m => m.Command == "BATCH"));
        Assert.Equal(200, relayed.Count(m => m.Command == "PRIVMSG"));
        Assert.Equal(0, h.Hub.ThrottledCount);
    }

    [Fact]
    public void A_multiline_batch_sent_while_throttled_waits_whole_and_is_not_cut_off()
    {
        var h = Throttled();
        var (alice, bob) = MultilineRoom(h);
        Ping(alice, 1, 4);
        alice.Send("PRIVMSG #room :before");
        Batch(alice, "a", 100); // waits: 100 free lines do not count against the bound of 40
        Assert.False(alice.Connection.IsClosed);
        Assert.Empty(bob.Drain());
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var relayed = bob.Drain();
        Assert.Equal(["before", .. Enumerable.Range(0, 100).Select(i => $"line {i}")], relayed.Where(m => m.Command == "PRIVMSG").Select(m => m.Param(1)));
    }

    [Fact]
    public void Lines_past_the_batch_limit_of_lines_count_like_any_command()
    {
        var h = Throttled();
        var (alice, _) = MultilineRoom(h);
        alice.Send("BATCH +a draft/multiline #room");
        for (var i = 0; i < 101 + 3 + 40; i++) // 101 free (the last breaks the batch), the 3 tokens JOIN and BATCH left, 40 waiting
        {
            alice.Send($"@batch=a PRIVMSG #room :line {i}");
        }
        Assert.False(alice.Connection.IsClosed);
        alice.Send("@batch=a PRIVMSG #room :one too many");
        Assert.True(alice.Connection.IsClosed);
    }
}
