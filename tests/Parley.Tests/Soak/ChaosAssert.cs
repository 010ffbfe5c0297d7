namespace Parley.Tests.Soak;

/// <summary>What every chaos run must show, whatever the misbehaving clients did.</summary>
internal static class ChaosAssert
{
    /// <summary>How far the server's memory may end above its baseline once every client has gone: pools and caches
    /// that grew under load may stay, a leak of even a few KiB per connection (thousands of them) may not.</summary>
    private const long MaxRetainedBytes = 16L * 1024 * 1024;

    /// <summary>The honest clients got every message, once and in order; the server ends holding nothing, with its memory
    /// back near its baseline (or, for a server in another process, never far above it) and nothing wrong in its log.</summary>
    public static void ServerCameThroughWhole(ChaosReport report)
    {
        var settings = report.Settings;
        Assert.True(report.Tally.Connections > settings.ChaosClients, $"the misbehaving clients hardly connected\n{report}");
        Assert.True(report.HonestMessagesSent > 0, $"the honest clients sent nothing\n{report}");
        Assert.True(report.HonestProblems.Count == 0, $"honest clients missed messages\n{report}");
        Assert.True(report.EndCounts.IsEmpty, $"the server still holds state after every client left\n{report}");
        Assert.True(report.LoggedProblems.Count == 0, $"the server logged problems\n{report}");
        Assert.True(report.UnobservedExceptions.Count == 0, $"tasks failed unobserved\n{report}");
        if (settings.Target is null)
        {
            Assert.True(report.EndMemory - report.BaselineMemory <= MaxRetainedBytes, $"memory did not come back near its baseline\n{report}");
        }
        else
        {
            Assert.True(report.PeakMemory - report.BaselineMemory <= settings.MaxResidentGrowthBytes, $"memory grew past the bound\n{report}");
        }
    }
}
