using Parley.Protocol.Irc;
using static Parley.Server.Tests.Commands.Accounts.AccountHarness;

namespace Parley.Server.Tests.Commands.Accounts;

/// <summary>NickServ: the account service for clients without SASL, and the protection of registered nicks.</summary>
public sealed class NickServTests
{
    private static List<string> Notices(Support.TestClient client) =>
        client.Drain().Where(m => m.Command == "NOTICE" && m.Source == "NickServ!NickServ@services.").Select(m => m.Parameters[1]).ToList();

    [Fact]
    public void Register_then_identify_from_another_connection()
    {
        var h = New();
        var alice = h.Connect("alice");
        alice.Send("PRIVMSG NickServ :REGISTER hunter2hunter2");
        var replies = alice.Drain();
        Assert.Contains(replies, m => m.Command == "900");
        Assert.Contains(replies, m => m.Command == "NOTICE" && m.Parameters[1].Contains("registered", StringComparison.Ordinal));
        Assert.Equal("alice", alice.Session.Account);

        var other = h.Connect("other");
        other.Send("NICKSERV IDENTIFY alice wrongwrong");
        Assert.Equal(["Invalid account or password."], Notices(other));
        Assert.Null(other.Session.Account);
        other.Send("NS IDENTIFY alice hunter2hunter2");
        Assert.Equal("alice", other.Session.Account);
    }

    [Fact]
    public void Identify_answers_the_same_for_a_missing_account()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var client = h.Connect("zed");
        client.Send("PRIVMSG NickServ :IDENTIFY alice nope");
        var wrong = Notices(client);
        client.Send("PRIVMSG NickServ :IDENTIFY nobody nope");
        Assert.Equal(wrong, Notices(client));
    }

    [Fact]
    public void Nobody_can_take_the_nickserv_nick()
    {
        var h = New();
        var client = h.Connect("zed");
        client.Send("NICK nickserv");
        Assert.Equal(Numerics.ERR_ERRONEUSNICKNAME, Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void Someone_on_a_registered_nick_is_warned_at_once_and_renamed_after_the_grace_period()
    {
        var h = New(o => o.Accounts.NickGraceSeconds = 30);
        h.AddAccount("alice", "hunter2hunter2");
        var watcher = h.Connect("watcher");
        var squatter = h.Connect("al");
        watcher.Send("JOIN #room");
        squatter.Send("JOIN #room");
        squatter.Drain();
        squatter.Send("NICK alice");
        var warning = Assert.Single(Notices(squatter));
        Assert.Contains("30 seconds", warning);
        watcher.Drain();

        h.Time.Advance(TimeSpan.FromSeconds(29));
        h.Hub.Tick();
        Assert.Equal("alice", squatter.Session.Nick);

        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.Hub.Tick();
        Assert.StartsWith("Guest", squatter.Session.Nick);
        Assert.Contains(watcher.Drain(), m => m.Command == "NICK" && m.Source!.StartsWith("alice!") && m.Parameters[0] == squatter.Session.Nick);
    }

    [Fact]
    public void Logging_in_or_changing_nick_within_the_grace_period_avoids_the_rename()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var owner = h.Connect("alice");
        owner.Send("NS IDENTIFY hunter2hunter2");
        var other = h.Connect("bob");
        h.AddAccount("bob", "bobbobbob");
        other.Send("NICK carol");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Hub.Tick();
        Assert.Equal("alice", owner.Session.Nick);
        Assert.Equal("carol", other.Session.Nick);
        Assert.Equal(0, h.Hub.Accounts.PendingRenames);
    }

    [Fact]
    public void Logging_in_while_holding_another_nick_changes_nothing()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var client = h.Connect("ali");
        client.Send("NS IDENTIFY alice hunter2hunter2");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Hub.Tick();
        Assert.Equal("ali", client.Session.Nick);
        Assert.Equal("alice", client.Session.Account);
    }

    [Fact]
    public void Regain_takes_the_nick_back_at_once_and_ghost_disconnects_the_holder()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var squatter = h.Connect("alice");
        var owner = h.Connect("alice_");
        owner.Send("NS IDENTIFY alice hunter2hunter2");
        owner.Send("NS REGAIN alice");
        Assert.Equal("alice", owner.Session.Nick);
        Assert.StartsWith("Guest", squatter.Session.Nick);

        var stale = h.Connect("alice2");
        stale.Send("NS IDENTIFY alice hunter2hunter2");
        owner.Send("NICK alice3");
        stale.Send("NICK alice");
        owner.Send("NS GHOST alice");
        Assert.True(stale.Session.IsClosing);

        var stranger = h.Connect("mallory");
        stranger.Send("NS GHOST alice3");
        Assert.False(owner.Session.IsClosing);
        Assert.Contains("Log in first", Assert.Single(Notices(stranger)));
    }

    [Fact]
    public void Set_password_changes_it_and_drop_deletes_the_account_and_logs_everyone_out()
    {
        var h = New();
        var alice = h.Connect("alice", "account-notify");
        alice.Send("NS REGISTER hunter2hunter2");
        alice.Send("NS SET PASSWORD newpassword");
        Assert.Contains("Password changed.", Notices(alice));
        Assert.True(h.Hub.Accounts.Store.Find("alice")!.Credentials.Matches("newpassword"));

        alice.Send("NS DROP hunter2hunter2");
        Assert.Contains("not dropped", Assert.Single(Notices(alice)));
        alice.Send("NS DROP newpassword");
        var replies = alice.Drain();
        Assert.Contains(replies, m => m.Command == "901");
        Assert.Contains(replies, m => m.Command == "ACCOUNT" && m.Parameters[0] == "*");
        Assert.Null(h.Hub.Accounts.Store.Find("alice"));
        Assert.Null(alice.Session.Account);
    }

    [Fact]
    public void Cert_add_list_and_del_manage_the_fingerprints_for_sasl_external()
    {
        var h = New();
        var alice = h.Connect("alice");
        alice.Send("NS REGISTER hunter2hunter2");
        alice.Drain();
        var fingerprint = new string('e', 64);
        alice.Send("NS CERT ADD " + fingerprint.ToUpperInvariant());
        alice.Send("NS CERT ADD nothex");
        alice.Send("NS CERT LIST");
        var notices = Notices(alice);
        Assert.Contains(notices, n => n.StartsWith("Added " + fingerprint, StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("64 hexadecimal", StringComparison.Ordinal));
        Assert.Contains(fingerprint, notices);
        Assert.Equal("alice", h.Hub.Accounts.Store.FindByFingerprint(fingerprint));
        alice.Send("NS CERT DEL " + fingerprint);
        Assert.Null(h.Hub.Accounts.Store.FindByFingerprint(fingerprint));
    }

    [Fact]
    public void Info_tells_when_an_account_was_registered_and_whether_it_is_online()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var client = h.Connect("zed");
        client.Send("NS INFO alice");
        Assert.Contains("not logged in now", Assert.Single(Notices(client)));
        client.Send("NS INFO nobody");
        Assert.Contains("not a registered account", Assert.Single(Notices(client)));
        client.Send("NS HELP");
        Assert.True(Notices(client).Count > 5);
    }
}
