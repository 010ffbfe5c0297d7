using Parley.Bench.Clients;

namespace Parley.Bench.Scenarios;

/// <summary>Settings every scenario shares: where the server is, how to report, and when to give up.</summary>
internal sealed record ScenarioSettings
{
    /// <summary>The server under test.</summary>
    public required Target Target { get; init; }

    /// <summary>How many registrations (and joins) are in progress at once.</summary>
    public int Parallel { get; init; } = 64;

    /// <summary>The server's process id, for CPU and memory readings.</summary>
    public int? ServerPid { get; init; }

    /// <summary>A name for this run, carried into the JSON.</summary>
    public string? Label { get; init; }

    /// <summary>The server's name, carried into the JSON.</summary>
    public string? ServerName { get; init; }

    /// <summary>Bytes of text per message (at least the numbers it carries).</summary>
    public int PayloadBytes { get; init; } = 64;

    /// <summary>The most a measured phase may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long without any progress before the run is declared stalled.</summary>
    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether to draw the progress line on stderr.</summary>
    public bool ShowProgress { get; init; } = true;
}
