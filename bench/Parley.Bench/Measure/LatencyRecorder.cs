using System.Diagnostics;
using HdrHistogram;
using Parley.Bench.Results;

namespace Parley.Bench.Measure;

/// <summary>Latencies in nanoseconds, recorded from any thread without a lock: each thread has its own HdrHistogram and
/// they are added up at the end.</summary>
internal sealed class LatencyRecorder : IDisposable
{
    // One hour, with three significant digits: 0.1% resolution from a microsecond up.
    private const long Highest = 3_600_000_000_000;

    private readonly ThreadLocal<LongHistogram> _histograms = new(() => new LongHistogram(1, Highest, 3), trackAllValues: true);

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void Record(long startTimestamp) => RecordAt(startTimestamp, Stopwatch.GetTimestamp());

    /// <summary>Records the time from <paramref name="startTimestamp"/> to <paramref name="now"/>.</summary>
    public void RecordAt(long startTimestamp, long now)
    {
        var nanoseconds = (long)((now - startTimestamp) * (1_000_000_000.0 / Stopwatch.Frequency));
        _histograms.Value!.RecordValue(Math.Clamp(nanoseconds, 1, Highest));
    }

    /// <summary>Percentiles of everything recorded so far; call once the recording threads are done.</summary>
    public LatencySummary Summarize()
    {
        var total = new LongHistogram(1, Highest, 3);
        foreach (var histogram in _histograms.Values)
        {
            total.Add(histogram);
        }
        if (total.TotalCount == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        static double Ms(long ns) => Math.Round(ns / 1_000_000.0, 3);
        return new LatencySummary(
            total.TotalCount,
            Ms(total.GetValueAtPercentile(50)),
            Ms(total.GetValueAtPercentile(99)),
            Ms(total.GetValueAtPercentile(99.9)),
            Ms(total.GetMaxValue()),
            Math.Round(total.GetMean() / 1_000_000.0, 3));
    }

    public void Dispose() => _histograms.Dispose();
}
