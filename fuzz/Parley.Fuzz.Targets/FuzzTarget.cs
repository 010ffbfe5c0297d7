namespace Parley.Fuzz.Targets;

/// <summary>Checks every invariant of one piece of code for one input; throws when one is broken.</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The fuzz targets by name, as the fuzzer's command line and the corpus folders (tests/fuzz-corpus/NAME) name them.</summary>
public static class FuzzTargets
{
    /// <summary>Every target.</summary>
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>
    {
        ["irc"] = IrcLineTarget.Run,
        ["udp"] = DatagramTarget.Run,
        ["udp-session"] = UdpSessionTarget.Run,
    };
}
