using System.Globalization;

namespace Parley.Bench.Results;

/// <summary>The human-readable summary printed at the end of a run.</summary>
internal static class ResultTable
{
    /// <summary>Writes <paramref name="result"/> as aligned name/value rows.</summary>
    public static void Write(TextWriter output, RunResult result)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("scenario", result.Scenario + (result.Label is null ? "" : $" ({result.Label})") + (result.Server is null ? "" : $" on {result.Server}")),
            ("settings", string.Join(" ", result.Parameters.Select(p => $"{p.Key}={p.Value.ToString("N0", CultureInfo.InvariantCulture)}"))),
            ("elapsed", $"{result.Seconds:F3} s"),
            (result.RateUnit, Rate(result.Rate)),
        };
        if (result.Sent > 0)
        {
            rows.Add(("messages sent", result.Sent.ToString("N0", CultureInfo.InvariantCulture)));
        }
        rows.Add(("expected / seen", $"{result.Expected.ToString("N0", CultureInfo.InvariantCulture)} / {result.Delivered.ToString("N0", CultureInfo.InvariantCulture)}"));
        rows.Add(("lost / duplicated / unexpected", $"{result.Lost:N0} / {result.Duplicated:N0} / {result.Unexpected:N0}"));
        if (result.Latency is { Count: > 0 } latency)
        {
            rows.Add(("latency p50 / p99 / p99.9 / max", $"{latency.P50:F3} / {latency.P99:F3} / {latency.P999:F3} / {latency.Max:F3} ms ({latency.Count:N0} samples)"));
        }
        if (result.MemoryPerConnectionKb is { } perConnection)
        {
            rows.Add(("server memory per connection", $"{perConnection:F2} KB"));
        }
        if (result.ServerUsage is { } usage)
        {
            rows.Add(("server CPU", $"{usage.CpuSeconds:F2} s ({usage.CpuPercent:F0}% of one core)"));
            rows.Add(("server RSS start / peak / end", $"{usage.RssStartKb / 1024.0:F1} / {usage.RssPeakKb / 1024.0:F1} / {usage.RssEndKb / 1024.0:F1} MB"));
        }
        rows.Add(("generator CPU", $"{result.GeneratorCpuSeconds:F2} s"));
        rows.Add(("verdict", result.Clean ? "clean: every delivery exactly once" : "NOT CLEAN"));
        foreach (var problem in result.Problems)
        {
            rows.Add(("problem", problem));
        }
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows)
        {
            output.WriteLine($"{name.PadRight(width)}  {value}");
        }
    }

    /// <summary>A rate with an SI suffix: 4.20M, 65.9k.</summary>
    public static string Rate(double rate) => rate switch
    {
        >= 1_000_000 => (rate / 1_000_000).ToString("F2", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (rate / 1_000).ToString("F1", CultureInfo.InvariantCulture) + "k",
        _ => rate.ToString("N0", CultureInfo.InvariantCulture),
    };
}
