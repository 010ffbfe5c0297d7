using System.Net;

namespace Parley.Tests.Soak;

/// <summary>What a chaos run does: how long, how many misbehaving clients at once and what they do, and which server
/// it runs against. The defaults are a test's; <see cref="FromEnvironment"/> lets scripts/soak.sh and
/// scripts/livefuzz.sh make a run longer, larger or aimed at a running server.</summary>
public sealed record ChaosSettings
{
    /// <summary>How long the misbehaving clients run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How many misbehaving clients are connected (or connecting) at any moment; each, when done, starts over.</summary>
    public int ChaosClients { get; init; } = 200;

    /// <summary>How many well-behaved clients chat in the honest rooms and check that they get every message.</summary>
    public int HonestClients { get; init; } = 6;

    /// <summary>How many rooms the honest clients share (each honest client is in two of them).</summary>
    public int HonestRooms { get; init; } = 3;

    /// <summary>How many other rooms the misbehaving clients wander between.</summary>
    public int ChaosRooms { get; init; } = 12;

    /// <summary>The pause between two honest messages (all honest clients together).</summary>
    public TimeSpan HonestInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Seeds every random choice, so a run that failed can be run again the same way (timing aside).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>What the misbehaving clients do, and how often, relative to each other.</summary>
    public IReadOnlyDictionary<ChaosBehaviour, int> Mix { get; init; } = ChaosBehaviours.SoakMix;

    /// <summary>Whether the misbehaving clients are exempt from flood control and per-address limits too (for a server in
    /// this process). The soak leaves them subject to the defences a real server has; the live fuzzer exempts them, so
    /// that its mutated commands reach the command handlers in bulk instead of meeting Excess Flood first.</summary>
    public bool MisbehavingExempt { get; init; }

    /// <summary>A running server to aim at instead of one started in the test process (loopback only).</summary>
    public IPEndPoint? Target { get; init; }

    /// <summary>The UDP door of <see cref="Target"/>, if the UDP fuzzer is to reach it.</summary>
    public IPEndPoint? UdpTarget { get; init; }

    /// <summary>The process id of <see cref="Target"/>, to follow its memory in /proc/PID/status.</summary>
    public int? TargetPid { get; init; }

    /// <summary>The console log of <see cref="Target"/> (its standard output and error in a file), searched for warnings
    /// and errors logged while the run was on.</summary>
    public string? TargetLog { get; init; }

    /// <summary>How much the server's memory may grow over its baseline while the run is on, for a server in another
    /// process (its resident set; .NET does not give memory back at once, so this bounds the peak).</summary>
    public long MaxResidentGrowthBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>These settings with what the environment overrides: PARLEY_CHAOS_SECONDS, PARLEY_CHAOS_CLIENTS,
    /// PARLEY_CHAOS_SEED, PARLEY_CHAOS_TARGET (HOST:PORT on loopback), PARLEY_CHAOS_UDP_TARGET, PARLEY_CHAOS_PID and PARLEY_CHAOS_LOG.</summary>
    public ChaosSettings FromEnvironment()
    {
        var settings = this;
        if (Number("PARLEY_CHAOS_SECONDS") is { } seconds)
        {
            settings = settings with { Duration = TimeSpan.FromSeconds(seconds) };
        }
        if (Number("PARLEY_CHAOS_CLIENTS") is { } clients)
        {
            settings = settings with { ChaosClients = clients };
        }
        if (Number("PARLEY_CHAOS_SEED") is { } seed)
        {
            settings = settings with { Seed = seed };
        }
        if (Environment.GetEnvironmentVariable("PARLEY_CHAOS_TARGET") is { Length: > 0 } target)
        {
            var endpoint = Loopback(target);
            settings = settings with
            {
                Target = endpoint,
                TargetPid = Number("PARLEY_CHAOS_PID"),
                UdpTarget = Environment.GetEnvironmentVariable("PARLEY_CHAOS_UDP_TARGET") is { Length: > 0 } udp ? Loopback(udp) : null,
                TargetLog = Environment.GetEnvironmentVariable("PARLEY_CHAOS_LOG") is { Length: > 0 } log ? log : null,
            };
        }
        return settings;
    }

    private static IPEndPoint Loopback(string text)
    {
        var endpoint = IPEndPoint.Parse(text);
        return IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : throw new ArgumentException($"a chaos run aims at loopback addresses only, not {text}");
    }

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : null;
}
