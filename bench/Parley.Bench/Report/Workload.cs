using System.Globalization;
using Parley.Bench.Results;

namespace Parley.Bench.Report;

/// <summary>One row of the comparison: a number taken from each run of a workload, how to show it, and which way is
/// better.</summary>
internal sealed record Metric(string Name, Func<RunResult, double?> Value, Func<double, string> Format, bool HigherIsBetter);

/// <summary>How the report describes each scenario and which numbers it compares.</summary>
internal static class Workload
{
    private static readonly string[] Order = ["fanout", "rooms", "paced", "direct", "connect", "joinstorm"];

    /// <summary>Sort key: scenario in a fixed order, then size.</summary>
    public static (int, long) SortKey(RunResult run) =>
        (Array.IndexOf(Order, run.Scenario) is var i and >= 0 ? i : Order.Length, P(run, "clients") + P(run, "pairs") + P(run, "connections"));

    /// <summary>A one-line description of the workload from its settings.</summary>
    public static string Describe(RunResult run) => run.Scenario switch
    {
        "fanout" => $"{N(run, "clients")} in one room, {N(run, "sendersPerRoom")} senders x {N(run, "messages")}, {N(run, "window")} in flight",
        "rooms" => $"{N(run, "clients")} clients in rooms of {N(run, "roomSize")}, all send {N(run, "messages")}",
        "paced" => $"{N(run, "clients")} in one room, {N(run, "sendersPerRoom")} senders at {N(run, "rate")} msg/s x {N(run, "messages")}",
        "direct" => $"{N(run, "pairs")} pairs, private-message round trips x {N(run, "messages")}, {N(run, "window")} in flight",
        "connect" => $"{N(run, "connections")} connections, {N(run, "parallel")} registering at once",
        "joinstorm" => $"{N(run, "clients")} clients join one room at once",
        _ => run.Scenario,
    };

    /// <summary>The numbers compared for a scenario, the main one first.</summary>
    public static IReadOnlyList<Metric> Metrics(string scenario) => scenario switch
    {
        "fanout" or "rooms" =>
        [
            new("deliveries/s", r => r.Rate, ResultTable.Rate, true),
            new("p99 latency", r => r.Latency?.P99, Ms, false),
        ],
        "paced" =>
        [
            new("p99 latency", r => r.Latency?.P99, Ms, false),
            new("p50 latency", r => r.Latency?.P50, Ms, false),
        ],
        "direct" =>
        [
            new("round trips/s", r => r.Rate, ResultTable.Rate, true),
            new("p99 round trip", r => r.Latency?.P99, Ms, false),
        ],
        "connect" =>
        [
            new("registrations/s", r => r.Rate, ResultTable.Rate, true),
            new("memory per idle connection", r => r.MemoryPerConnectionKb, v => v.ToString("F2", CultureInfo.InvariantCulture) + " KB", false),
        ],
        "joinstorm" =>
        [
            new("time until all see all", r => r.Seconds * 1000, Ms, false),
        ],
        _ => [new(scenario, r => r.Rate, ResultTable.Rate, true)],
    };

    private static string Ms(double ms) => ms switch
    {
        >= 100 => ms.ToString("F0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("F2", CultureInfo.InvariantCulture) + " ms",
    };

    private static long P(RunResult run, string name) => run.Parameters.GetValueOrDefault(name);

    private static string N(RunResult run, string name) => P(run, name).ToString("N0", CultureInfo.InvariantCulture);
}
