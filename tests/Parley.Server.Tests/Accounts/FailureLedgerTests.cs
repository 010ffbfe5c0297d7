using Parley.Server.Accounts;

namespace Parley.Server.Tests.Accounts;

public sealed class FailureLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_allowed_failures_cost_nothing_then_the_wait_doubles_up_to_the_ceiling()
    {
        var ledger = new FailureLedger(allowed: 3, maxDelay: TimeSpan.FromSeconds(5));
        for (var i = 0; i < 2; i++)
        {
            ledger.Fail("k", T0);
        }
        Assert.Equal(TimeSpan.Zero, ledger.WaitBefore("k", T0));
        ledger.Fail("k", T0);
        Assert.Equal(TimeSpan.FromSeconds(1), ledger.WaitBefore("k", T0));
        ledger.Fail("k", T0);
        Assert.Equal(TimeSpan.FromSeconds(2), ledger.WaitBefore("k", T0));
        ledger.Fail("k", T0);
        ledger.Fail("k", T0);
        ledger.Fail("k", T0);
        Assert.Equal(TimeSpan.FromSeconds(5), ledger.WaitBefore("k", T0));
        Assert.Equal(TimeSpan.FromSeconds(3), ledger.WaitBefore("k", T0.AddSeconds(2)));
        Assert.Equal(TimeSpan.Zero, ledger.WaitBefore("other", T0));
    }

    [Fact]
    public void A_success_or_an_hour_forgets_the_failures()
    {
        var ledger = new FailureLedger(allowed: 1, maxDelay: TimeSpan.FromMinutes(1));
        ledger.Fail("a", T0);
        ledger.Fail("b", T0);
        ledger.Succeed("a");
        Assert.Equal(TimeSpan.Zero, ledger.WaitBefore("a", T0));
        Assert.NotEqual(TimeSpan.Zero, ledger.WaitBefore("b", T0));
        Assert.Equal(TimeSpan.Zero, ledger.WaitBefore("b", T0 + FailureLedger.ForgetAfter + TimeSpan.FromSeconds(1)));
        ledger.Fail("b", T0 + TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromSeconds(1), ledger.WaitBefore("b", T0 + TimeSpan.FromHours(2)));
    }
}
