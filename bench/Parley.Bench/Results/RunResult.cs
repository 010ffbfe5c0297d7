using System.Text.Json.Serialization;

namespace Parley.Bench.Results;

/// <summary>Latency percentiles in milliseconds, over <see cref="Count"/> samples.</summary>
public sealed record LatencySummary(long Count, double P50, double P99, double P999, double Max, double Mean);

/// <summary>What the server process used during the measured part of a run (from /proc).</summary>
public sealed record ServerUsage(double CpuSeconds, double CpuPercent, long RssStartKb, long RssPeakKb, long RssEndKb);

/// <summary>The outcome of one scenario run: the numbers the table shows and --json prints.</summary>
public sealed record RunResult
{
    /// <summary>fanout, rooms, paced, connect, direct or joinstorm.</summary>
    public required string Scenario { get; init; }

    /// <summary>A name for the run given with --label (the report groups runs by it).</summary>
    public string? Label { get; init; }

    /// <summary>The server's name given with --server-name.</summary>
    public string? Server { get; init; }

    /// <summary>The scenario's settings, as given.</summary>
    public required Dictionary<string, long> Parameters { get; init; }

    /// <summary>Seconds from the first message sent (or connection opened) to the last one seen.</summary>
    public double Seconds { get; init; }

    /// <summary>The scenario's main rate (see <see cref="RateUnit"/>).</summary>
    public double Rate { get; init; }

    /// <summary>deliveries/s, registrations/s, round trips/s or joins/s.</summary>
    public required string RateUnit { get; init; }

    /// <summary>Messages sent by the generator's senders.</summary>
    public long Sent { get; init; }

    /// <summary>Deliveries (or registrations, echoes, JOIN lines) the scenario should see.</summary>
    public long Expected { get; init; }

    /// <summary>Deliveries seen exactly once and in order.</summary>
    public long Delivered { get; init; }

    /// <summary>Deliveries that never came (a gap in a sender's sequence, or missing at the end).</summary>
    public long Lost { get; init; }

    /// <summary>Deliveries seen again, or out of order.</summary>
    public long Duplicated { get; init; }

    /// <summary>Lines that should not have come at all (a client's own message echoed, or one from another room).</summary>
    public long Unexpected { get; init; }

    /// <summary>Send-to-receipt latency (round trip for direct, connect-to-001 for connect, time to see every join for
    /// joinstorm).</summary>
    public LatencySummary? Latency { get; init; }

    /// <summary>Server memory per connection in KB (connect with --server-pid).</summary>
    public double? MemoryPerConnectionKb { get; init; }

    /// <summary>The server's CPU and memory during the run (with --server-pid).</summary>
    public ServerUsage? ServerUsage { get; init; }

    /// <summary>CPU seconds the generator itself used, to tell when it, not the server, was the limit.</summary>
    public double GeneratorCpuSeconds { get; init; }

    /// <summary>What went wrong: disconnections with the server's reason, a stall, a timeout.</summary>
    public List<string> Problems { get; init; } = [];

    /// <summary>Whether every expected delivery came exactly once and nothing went wrong.</summary>
    [JsonIgnore]
    public bool Clean => Lost == 0 && Duplicated == 0 && Unexpected == 0 && Delivered == Expected && Problems.Count == 0;
}

/// <summary>JSON for --json and for the report, without reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class ResultJson : JsonSerializerContext;
