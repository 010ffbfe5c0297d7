using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands;

public sealed class RegistrationTests
{
    [Fact]
    public void Nick_and_user_complete_registration_with_001_to_005_lusers_and_motd()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("NICK alice");
        Assert.Empty(client.Drain());
        client.Send("USER alice 0 * :Alice");
        var replies = client.Drain().Select(m => m.Command).ToList();
        Assert.Equal(["001", "002", "003", "004", "005"], replies.Take(5));
        Assert.Contains("251", replies);
        Assert.Equal("376", replies[^1]);
    }

    [Fact]
    public void Cap_ls_holds_registration_until_cap_end()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("NICK bob");
        client.Send("USER bob 0 * :Bob");
        Assert.DoesNotContain(client.Drain(), m => m.Command == "001");
        client.Send("CAP END");
        Assert.Contains(client.Drain(), m => m.Command == "001");
    }

    [Fact]
    public void Nick_in_use_is_433_in_any_case()
    {
        var harness = new HubHarness();
        harness.Connect("Alice");
        var other = harness.ConnectRaw();
        other.Send("NICK aLICE");
        var reply = Assert.Single(other.Drain());
        Assert.Equal(Numerics.ERR_NICKNAMEINUSE, reply.Command);
    }

    [Fact]
    public void A_nick_held_by_a_peer_that_already_hung_up_is_given_to_the_newcomer()
    {
        var harness = new HubHarness();
        var old = harness.Connect("alice");
        var watcher = harness.Connect("bob");
        old.Send("JOIN #a");
        watcher.Send("JOIN #a");
        watcher.Drain();
        old.Connection.PeerHungUp = true;
        var again = harness.ConnectRaw();
        again.Send("NICK alice");
        again.Send("USER alice 0 * :Alice");
        Assert.Contains(again.Drain(), m => m.Command == Numerics.RPL_WELCOME);
        Assert.Equal("QUIT", Assert.Single(watcher.Drain()).Command);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("#chan")]
    [InlineData("this-nick-is-far-too-long-for-the-server-limit")]
    public void Invalid_nick_is_432(string nick)
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send($"NICK :{nick}");
        Assert.Equal(Numerics.ERR_ERRONEUSNICKNAME, Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void With_a_server_password_registration_needs_the_right_pass()
    {
        var harness = new HubHarness(o => o.Password = "sesame");
        var wrong = harness.ConnectRaw();
        wrong.Send("PASS guess");
        wrong.Send("NICK alice");
        wrong.Send("USER alice 0 * :Alice");
        Assert.Equal([Numerics.ERR_PASSWDMISMATCH, "ERROR"], wrong.Drain().Select(m => m.Command));
        Assert.True(wrong.Connection.IsClosed);

        var missing = harness.ConnectRaw();
        missing.Send("NICK bob");
        missing.Send("USER bob 0 * :Bob");
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, missing.Drain()[0].Command);

        var right = harness.ConnectRaw();
        right.Send("PASS sesame");
        right.Send("NICK carol");
        right.Send("USER carol 0 * :Carol");
        Assert.Contains(right.Drain(), m => m.Command == Numerics.RPL_WELCOME);
    }

    [Fact]
    public void Lusers_high_mark_counts_registered_users_whether_or_not_anyone_asked()
    {
        var harness = new HubHarness();
        var a = harness.Connect("a");
        var b = harness.Connect("b");
        harness.ConnectRaw().Send("NICK unregistered");
        harness.Hub.Disconnect(a.Session, "gone");
        harness.Hub.Disconnect(b.Session, "gone");
        var c = harness.ConnectRaw();
        c.Send("NICK c");
        c.Send("USER c 0 * :C");
        var local = Assert.Single(c.Drain(), m => m.Command == Numerics.RPL_LOCALUSERS);
        Assert.Equal(["c", "1", "2"], local.Parameters.Take(3));
    }

    [Fact]
    public void Commands_before_registration_get_451()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("JOIN #a");
        Assert.Equal(Numerics.ERR_NOTREGISTERED, Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void Unknown_command_is_421_and_missing_parameters_461()
    {
        var harness = new HubHarness();
        var client = harness.Connect("alice");
        client.Send("FROBNICATE x");
        Assert.Equal(Numerics.ERR_UNKNOWNCOMMAND, Assert.Single(client.Drain()).Command);
        client.Send("JOIN");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void Registration_times_out_after_the_configured_seconds()
    {
        var harness = new HubHarness(o => o.Limits.RegistrationTimeoutSeconds = 30);
        var client = harness.ConnectRaw();
        client.Send("NICK slow");
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        harness.Hub.Tick();
        Assert.True(client.Connection.IsClosed);
        Assert.Equal("ERROR", Assert.Single(client.Drain()).Command);
        Assert.Null(harness.Hub.Nicks.Find("slow"));
    }

    [Fact]
    public void Silent_client_is_pinged_then_dropped_with_ping_timeout()
    {
        var harness = new HubHarness(o =>
        {
            o.Limits.PingIntervalSeconds = 10;
            o.Limits.PingTimeoutSeconds = 5;
        });
        var client = harness.Connect("alice");
        var peer = harness.Connect("bob");
        client.Send("JOIN #a");
        peer.Send("JOIN #a");
        client.Drain();
        peer.Drain();
        harness.Time.Advance(TimeSpan.FromSeconds(11));
        peer.Send("PONG x"); // bob stays alive
        harness.Hub.Tick();
        Assert.Contains(client.Drain(), m => m.Command == "PING");
        harness.Time.Advance(TimeSpan.FromSeconds(6));
        peer.Send("PONG x");
        harness.Hub.Tick();
        Assert.True(client.Connection.IsClosed);
        var quit = Assert.Single(peer.Drain(), m => m.Command == "QUIT");
        Assert.StartsWith("Ping timeout", quit.Parameters[0]);
    }

    [Fact]
    public void User_with_an_empty_realname_is_461()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("NICK foo");
        client.Send("USER foo * * :");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void User_name_without_any_usable_character_still_registers()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("NICK foo");
        client.Send("USER \u00e9\u00e8 * * :Real");
        Assert.Contains(client.Drain(), m => m.Command == Numerics.RPL_WELCOME);
        Assert.Equal("~user", client.Session.UserName);
    }
}
