using System.Text;
using Parley.Server.Tests.Accounts;
using static Parley.Server.Tests.Commands.Accounts.AccountHarness;

namespace Parley.Server.Tests.Commands.Accounts;

/// <summary>AUTHENTICATE: mechanisms, chunking, numerics 900/903/904/905/906/908, and how it fits registration.</summary>
public sealed class SaslTests
{
    [Fact]
    public void Cap_ls_302_offers_sasl_with_its_mechanisms_and_account_registration()
    {
        var h = New();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        var caps = client.Drain().Where(m => m.Command == "CAP").SelectMany(m => m.Parameters[^1].Split(' ')).ToList();
        Assert.Contains("sasl=PLAIN,SCRAM-SHA-256,EXTERNAL", caps);
        Assert.Contains("draft/account-registration=before-connect", caps);
        Assert.Contains("account-tag", caps);
        Assert.Contains("account-notify", caps);
    }

    [Fact]
    public void Plain_logs_in_before_registration_and_900_903_come_before_001()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        Assert.Equal("AUTHENTICATE +", Assert.Single(client.DrainLines()));
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        var replies = client.Drain();
        Assert.Equal(["900", "903"], replies.Select(m => m.Command));
        Assert.Equal(["foo", "foo!~foo@127.0.0.1", "jilles"], replies[0].Parameters.Take(3));
        client.Send("CAP END");
        Assert.Equal("001", client.Drain()[0].Command);
        Assert.Equal("jilles", client.Session.Account);
    }

    [Fact]
    public void Plain_with_an_authzid_equal_to_the_user_is_accepted_and_another_is_refused()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        h.AddAccount("other", "password");
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame", authzid: "other"));
        Assert.Contains(client.Drain(), m => m.Command == "904");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame", authzid: "JILLES"));
        Assert.Contains(client.Drain(), m => m.Command == "903");
    }

    [Fact]
    public void A_wrong_password_and_a_missing_account_get_the_same_904_and_a_retry_works()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "millet"));
        var wrong = client.DrainLines();
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("nobody", "millet"));
        var missing = client.DrainLines();
        Assert.Equal(wrong, missing);
        Assert.StartsWith(":test.server 904 foo ", wrong[^1]);

        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        Assert.Contains(client.Drain(), m => m.Command == "903");
    }

    [Fact]
    public void A_response_of_more_than_400_bytes_comes_in_chunks_and_one_of_exactly_400_ends_with_a_plus()
    {
        var h = New();
        var longer = new string('x', 592); // base64 of "foo\0foo\0" + 592 bytes is exactly 800 characters
        h.AddAccount("foo", longer);
        var client = h.Negotiating("foo");
        var payload = Plain("foo", longer, authzid: "foo");
        Assert.Equal(800, payload.Length);
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + payload[..400]);
        client.Send("AUTHENTICATE " + payload[400..]);
        Assert.Contains("AUTHENTICATE +", client.DrainLines()); // only the first reply: nothing until the "+"
        client.Send("AUTHENTICATE +");
        Assert.Contains(client.Drain(), m => m.Command == "903");

        var shorter = "bar" + new string('y', 400);
        h.AddAccount("bar", shorter);
        var other = h.Negotiating("bar");
        var split = Plain("bar", shorter);
        other.Send("AUTHENTICATE PLAIN");
        other.Send("AUTHENTICATE " + split[..400]);
        other.Send("AUTHENTICATE " + split[400..]);
        Assert.Contains(other.Drain(), m => m.Command == "903");
    }

    [Fact]
    public void A_chunk_over_400_bytes_is_905_and_an_endless_response_is_904()
    {
        var h = New();
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Drain();
        client.Send("AUTHENTICATE " + new string('A', 401));
        Assert.Equal("905", Assert.Single(client.Drain()).Command);

        client.Send("AUTHENTICATE PLAIN");
        client.Drain();
        for (var i = 0; i < 30; i++)
        {
            client.Send("AUTHENTICATE " + new string('A', 400));
        }
        Assert.Equal("904", client.Drain()[0].Command);
    }

    [Fact]
    public void Star_aborts_with_906_bad_base64_is_904_and_an_unknown_mechanism_lists_the_mechanisms()
    {
        var h = New();
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE *");
        Assert.Equal(["AUTHENTICATE", "906"], client.Drain().Select(m => m.Command));
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE !!!");
        Assert.Equal("904", client.Drain()[^1].Command);
        client.Send("AUTHENTICATE FOO");
        var replies = client.Drain();
        Assert.Equal(["908", "904"], replies.Select(m => m.Command));
        Assert.Equal("PLAIN,SCRAM-SHA-256,EXTERNAL", replies[0].Parameters[1]);
    }

    [Fact]
    public void Authenticate_without_the_sasl_capability_is_refused()
    {
        var h = New();
        var client = h.Negotiating("foo", caps: "echo-message");
        client.Send("AUTHENTICATE PLAIN");
        Assert.Equal("904", Assert.Single(client.Drain()).Command);
    }

    [Fact]
    public void Cap_end_during_an_exchange_aborts_it_with_906_and_registers()
    {
        var h = New();
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Drain();
        client.Send("CAP END");
        var replies = client.Drain().Select(m => m.Command).ToList();
        Assert.Equal("906", replies[0]);
        Assert.Contains("001", replies);
        Assert.Null(client.Session.Account);
    }

    [Fact]
    public void Lines_sent_while_a_password_is_being_checked_wait_for_its_answer_and_keep_their_order()
    {
        var h = New();
        h.AddAccount("jilles", "sesame");
        Action? pending = null;
        h.Hub.Accounts.RunOffHub = work => pending = work; // hold the hashing, as the thread pool would for a while
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        client.Send("PING sync");
        client.Send("CAP END");
        Assert.Equal(["AUTHENTICATE"], client.Drain().Select(m => m.Command));
        Assert.False(client.Session.IsRegistered);

        pending!();
        var after = client.Drain().Select(m => m.Command).ToList();
        Assert.Equal(["900", "903", "PONG", "001"], after.Take(4));
        Assert.True(client.Session.IsRegistered);
    }

    [Fact]
    public void Too_many_lines_during_a_password_check_end_the_session()
    {
        var h = New(o => o.Limits.FloodQueueCommands = 5);
        h.AddAccount("jilles", "sesame");
        h.Hub.Accounts.RunOffHub = _ => { }; // a check that never ends
        var client = h.Negotiating("foo");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        for (var i = 0; i < 6; i++)
        {
            client.Send("PING x");
        }
        Assert.True(client.Session.IsClosing);
    }

    [Fact]
    public void Scram_sha_256_logs_in_and_proves_the_server_knows_the_keys()
    {
        var h = New();
        h.AddAccount("Scramtest", "sesame");
        var client = h.Negotiating("foo");
        var scram = new ScramTestClient("Scramtest", "sesame");
        client.Send("AUTHENTICATE SCRAM-SHA-256");
        Assert.Equal("AUTHENTICATE +", Assert.Single(client.DrainLines()));
        client.Send("AUTHENTICATE " + B64(scram.First()));
        var serverFirst = Decode(Assert.Single(client.Drain()).Parameters[0]);
        Assert.Contains(",i=64", serverFirst);
        client.Send("AUTHENTICATE " + B64(scram.Final(serverFirst)));
        var serverFinal = Decode(Assert.Single(client.Drain()).Parameters[0]);
        Assert.True(scram.Verifies(serverFinal));
        client.Send("AUTHENTICATE +");
        Assert.Equal(["900", "903"], client.Drain().Select(m => m.Command));
        Assert.Equal("Scramtest", client.Session.Account);
    }

    [Fact]
    public void Scram_with_a_wrong_password_or_a_missing_account_fails_alike()
    {
        var h = New();
        h.AddAccount("Scramtest", "sesame");
        foreach (var (user, password) in new[] { ("Scramtest", "millet"), ("nobody", "millet") })
        {
            var client = h.Negotiating("foo" + user.Length);
            var scram = new ScramTestClient(user, password);
            client.Send("AUTHENTICATE SCRAM-SHA-256");
            client.Send("AUTHENTICATE " + B64(scram.First()));
            var serverFirst = Decode(client.Drain()[^1].Parameters[0]);
            Assert.Matches("^r=[^,]+,s=[A-Za-z0-9+/=]{24},i=64$", serverFirst);
            client.Send("AUTHENTICATE " + B64(scram.Final(serverFirst)));
            Assert.Equal("904", Assert.Single(client.Drain()).Command);
        }
    }

    [Fact]
    public void External_logs_in_with_a_certificate_added_to_the_account()
    {
        var h = New();
        h.AddAccount("alice", "password1");
        var fingerprint = new string('c', 64);
        h.Hub.Accounts.Store.AddFingerprint("alice", fingerprint);

        var stranger = h.Negotiating("bob", fingerprint: new string('d', 64));
        stranger.Send("AUTHENTICATE EXTERNAL");
        stranger.Send("AUTHENTICATE +");
        Assert.Equal("904", stranger.Drain()[^1].Command);

        var noCertificate = h.Negotiating("carol");
        noCertificate.Send("AUTHENTICATE EXTERNAL");
        noCertificate.Send("AUTHENTICATE +");
        Assert.Equal("904", noCertificate.Drain()[^1].Command);

        var client = h.Negotiating("alice", fingerprint: fingerprint);
        client.Send("AUTHENTICATE EXTERNAL");
        client.Send("AUTHENTICATE " + B64("alice"));
        Assert.Equal(["AUTHENTICATE", "900", "903"], client.Drain().Select(m => m.Command));
        Assert.Equal("alice", client.Session.Account);
    }

    [Fact]
    public void After_registration_a_client_may_log_in_again_as_another_account()
    {
        var h = New();
        h.AddAccount("foo", "barbarbar");
        h.AddAccount("jilles", "sesame");
        var client = h.LoggedIn("user", "foo", "barbarbar");
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        Assert.Equal(["AUTHENTICATE", "900", "903"], client.Drain().Select(m => m.Command));
        Assert.Equal("jilles", client.Session.Account);
    }

    [Fact]
    public void Repeated_failures_make_the_account_wait_even_with_the_right_password()
    {
        var h = New(o => o.Accounts.FailuresBeforeDelay = 3);
        h.AddAccount("jilles", "sesame");
        var client = h.Negotiating("foo");
        for (var i = 0; i < 3; i++)
        {
            client.Send("AUTHENTICATE PLAIN");
            client.Send("AUTHENTICATE " + Plain("jilles", "wrong"));
        }
        client.Drain();
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        var refusal = client.Drain()[^1];
        Assert.Equal("904", refusal.Command);
        Assert.Contains("try again in 1 seconds", refusal.Parameters[^1]);

        h.Time.Advance(TimeSpan.FromSeconds(2));
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain("jilles", "sesame"));
        Assert.Equal("903", client.Drain()[^1].Command);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
