using System.Diagnostics;

namespace Parley.Bench.Scenarios;

/// <summary>Waits for a measured phase to finish: until <c>done</c> completes, the progress counter stops moving for
/// the stall time, or the timeout passes; says which.</summary>
internal static class CompletionWatch
{
    /// <summary>Returns null when <paramref name="done"/> completed, otherwise why the wait ended.</summary>
    public static async Task<string?> WaitAsync(Task done, Func<long> progress, ScenarioSettings settings, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var last = progress();
        var lastMoved = started;
        while (true)
        {
            var tick = Task.Delay(100, cancel);
            if (await Task.WhenAny(done, tick) == done)
            {
                await done;
                return null;
            }
            await tick;
            var now = progress();
            if (now != last)
            {
                last = now;
                lastMoved = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastMoved) > settings.Stall)
            {
                return $"stalled: nothing arrived for {settings.Stall.TotalSeconds:F0} s";
            }
            if (Stopwatch.GetElapsedTime(started) > settings.Timeout)
            {
                return $"timed out after {settings.Timeout.TotalSeconds:F0} s";
            }
        }
    }
}
