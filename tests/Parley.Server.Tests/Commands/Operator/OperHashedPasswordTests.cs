using System.Collections.Concurrent;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Operator;
using Parley.Server.Hosting;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Operator;

/// <summary>OPER against a PasswordHash: the check runs on the thread pool and its answer is posted back to the hub. Here
/// the hub's Post only queues, and the test runs the posted work on its own thread, as the hub loop would.</summary>
public sealed class OperHashedPasswordTests
{
    // A low iteration count keeps the tests fast; the format carries it, so the path is the same as with 600,000.
    private static readonly string Hash = OperatorPasswordHash.Create("s3cret", iterations: 1000);

    private readonly BlockingCollection<Action<ChatHub>> _posted = [];
    private readonly HubHarness _harness;

    public OperHashedPasswordTests()
    {
        _harness = new HubHarness(o => o.Operators.Add(new OperatorOptions { Name = "root", PasswordHash = Hash }));
        _harness.Hub.Post = _posted.Add;
    }

    /// <summary>Waits for the password check to post its result and runs it on this thread.</summary>
    private void RunPostedCheck()
    {
        Assert.True(_posted.TryTake(out var work, TimeSpan.FromSeconds(10)), "the password check posted nothing");
        work(_harness.Hub);
    }

    [Fact]
    public void Right_password_is_answered_381_and_mode_plus_o_once_the_check_posts_back()
    {
        var alice = _harness.Connect("alice");
        alice.Send("OPER root s3cret");
        Assert.Empty(alice.Drain()); // nothing yet: the hash is being checked off the hub's thread
        Assert.False(alice.Session.IsOperator);

        RunPostedCheck();
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_YOUREOPER, "MODE"], replies.Select(m => m.Command));
        Assert.True(alice.Session.IsOperator);
    }

    [Fact]
    public void Wrong_password_is_464_and_grants_nothing()
    {
        var alice = _harness.Connect("alice");
        alice.Send("OPER root s3cre");
        RunPostedCheck();
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, Assert.Single(alice.Drain()).Command);
        Assert.False(alice.Session.IsOperator);
    }

    [Fact]
    public void The_plain_text_password_is_not_accepted_in_place_of_the_hash_line()
    {
        var alice = _harness.Connect("alice");
        alice.Send($"OPER root :{Hash}");
        RunPostedCheck();
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void A_second_attempt_while_the_first_is_checked_is_refused_at_once()
    {
        var alice = _harness.Connect("alice");
        alice.Send("OPER root wrong");
        alice.Send("OPER root s3cret");
        var refusal = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, refusal.Command);
        Assert.Contains("still being checked", refusal.Parameters[^1]);
        RunPostedCheck();
        Assert.Empty(_posted); // the refused attempt hashed nothing
    }

    [Fact]
    public void After_five_failures_an_address_waits_and_no_hash_is_computed_meanwhile()
    {
        var alice = _harness.Connect("alice");
        for (var i = 0; i < OperAttempts.Burst; i++)
        {
            alice.Send("OPER root wrong");
            RunPostedCheck();
        }
        alice.Drain();

        var bob = _harness.Connect("bob"); // another connection from the same address shares the limit
        bob.Send("OPER root s3cret");
        var refusal = Assert.Single(bob.Drain());
        Assert.Contains("Too many failed OPER attempts", refusal.Parameters[^1]);
        Assert.Empty(_posted);

        _harness.Time.Advance(OperAttempts.Interval);
        bob.Send("OPER root s3cret");
        RunPostedCheck();
        Assert.Equal(Numerics.RPL_YOUREOPER, bob.Drain()[0].Command);
    }

    [Fact]
    public void Another_address_is_not_held_back_by_the_failures_of_one()
    {
        var alice = _harness.ConnectFrom("127.0.0.5", "alice");
        for (var i = 0; i < OperAttempts.Burst; i++)
        {
            alice.Send("OPER root wrong");
            RunPostedCheck();
        }
        var carol = _harness.ConnectFrom("127.0.0.6", "carol");
        carol.Send("OPER root s3cret");
        RunPostedCheck();
        Assert.Equal(Numerics.RPL_YOUREOPER, carol.Drain()[0].Command);
    }

    [Fact]
    public void Successes_do_not_use_up_the_allowance()
    {
        var alice = _harness.Connect("alice");
        for (var i = 0; i < OperAttempts.Burst + 3; i++)
        {
            alice.Send("OPER root s3cret");
            RunPostedCheck();
            Assert.Equal(Numerics.RPL_YOUREOPER, alice.Drain()[0].Command);
        }
    }

    [Fact]
    public void A_client_gone_before_its_check_ends_gets_nothing_and_its_attempt_is_closed()
    {
        var alice = _harness.Connect("alice");
        alice.Send("OPER root s3cret");
        alice.Send("QUIT");
        alice.Drain();
        RunPostedCheck();
        Assert.Empty(alice.Drain());
        Assert.False(_harness.Hub.OperAttempts.IsChecking(alice.Session));
    }

    [Fact]
    public void Other_operators_are_told_of_failed_attempts_and_new_operators()
    {
        var watcher = _harness.Connect("watcher");
        watcher.Session.Modes |= UserModes.Operator;
        var alice = _harness.Connect("alice");
        alice.Send("OPER root nope");
        RunPostedCheck();
        alice.Send("OPER root s3cret");
        RunPostedCheck();
        var notices = watcher.Drain().Select(m => m.Parameters[^1]).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("Failed OPER attempt by alice!", notices[0]);
        Assert.Contains("alice!", notices[1]);
        Assert.Contains("is now an IRC operator (as root)", notices[1]);
    }
}
