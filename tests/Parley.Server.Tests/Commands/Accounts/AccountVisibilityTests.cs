using Parley.Protocol.Irc;
using static Parley.Server.Tests.Commands.Accounts.AccountHarness;

namespace Parley.Server.Tests.Commands.Accounts;

/// <summary>How others see an account: the account tag, ACCOUNT (account-notify), extended-join, WHOIS 330 and WHOX %a.</summary>
public sealed class AccountVisibilityTests
{
    [Fact]
    public void Messages_of_a_logged_in_user_carry_the_account_tag_for_those_who_asked()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        var tagged = h.Connect("foo", "account-tag");
        var plain = h.Connect("baz");
        var bar = h.LoggedIn("bar", "jilles", "sesame");
        bar.Send("PRIVMSG foo :hi");
        bar.Send("PRIVMSG baz :hi");
        Assert.Equal("jilles", Assert.Single(tagged.Drain()).Tag("account"));
        Assert.Null(Assert.Single(plain.Drain()).Tag("account"));

        bar.Send("JOIN #chan");
        bar.Send("INVITE foo #chan");
        Assert.Equal("jilles", Assert.Single(tagged.Drain(), m => m.Command == "INVITE").Tag("account"));
    }

    [Fact]
    public void Extended_join_shows_the_account_or_a_star()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        var foo = h.Connect("foo", "extended-join");
        foo.Send("JOIN #chan");
        foo.Drain();
        h.Connect("anon").Send("JOIN #chan");
        Assert.Equal(["#chan", "*", "anon Realname"], Assert.Single(foo.Drain(), m => m.Command == "JOIN").Parameters);
        h.LoggedIn("bar", "jilles", "sesame").Send("JOIN #chan");
        Assert.Equal(["#chan", "jilles", "bar Realname"], Assert.Single(foo.Drain(), m => m.Command == "JOIN").Parameters);
    }

    [Fact]
    public void Account_notify_tells_room_peers_and_the_user_of_logins_and_logouts()
    {
        var h = New();
        h.AddAccount("alice", "hunter2hunter2");
        var peer = h.Connect("peer", "account-notify");
        var deaf = h.Connect("deaf");
        var alice = h.Connect("alice", "account-notify");
        foreach (var c in new[] { peer, deaf, alice })
        {
            c.Send("JOIN #room");
        }
        peer.Drain();
        deaf.Drain();
        alice.Drain();
        alice.Send("NS IDENTIFY hunter2hunter2");
        var seen = Assert.Single(peer.Drain());
        Assert.Equal(("ACCOUNT", "alice"), (seen.Command, seen.Parameters[0]));
        Assert.StartsWith("alice!", seen.Source);
        Assert.Contains(alice.Drain(), m => m.Command == "ACCOUNT");
        Assert.Empty(deaf.Drain());

        alice.Send("NS LOGOUT");
        Assert.Equal(["*"], Assert.Single(peer.Drain()).Parameters);
    }

    [Fact]
    public void Whois_shows_330_and_whox_the_account()
    {
        var h = New();
        h.AddAccount("val", "password1");
        var asker = h.Connect("nick1");
        h.LoggedIn("nick2", "val", "password1").Send("JOIN #c");
        asker.Send("WHOIS nick2");
        Assert.Equal(["nick1", "nick2", "val", "is logged in as"], Assert.Single(asker.Drain(), m => m.Command == Numerics.RPL_WHOISACCOUNT).Parameters);
        asker.Send("WHO #c %na");
        Assert.Equal(["nick1", "nick2", "val"], Assert.Single(asker.Drain(), m => m.Command == Numerics.RPL_WHOSPCRPL).Parameters);
        asker.Send("WHO nick1 %na");
        Assert.Equal(["nick1", "nick1", "0"], Assert.Single(asker.Drain(), m => m.Command == Numerics.RPL_WHOSPCRPL).Parameters);
        asker.Send("WHOIS nick1");
        Assert.DoesNotContain(asker.Drain(), m => m.Command == Numerics.RPL_WHOISACCOUNT);
    }
}
