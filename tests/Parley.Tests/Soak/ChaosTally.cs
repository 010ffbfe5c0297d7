using System.Text;

namespace Parley.Tests.Soak;

/// <summary>What the misbehaving clients did, counted across all of them (updated from many threads).</summary>
public sealed class ChaosTally
{
    /// <summary>Connections made.</summary>
    public long Connections;

    /// <summary>Connections that could not be made in time.</summary>
    public long ConnectFailures;

    /// <summary>Bytes sent to the server.</summary>
    public long BytesSent;

    /// <summary>Bytes read from the server.</summary>
    public long BytesReceived;

    /// <summary>Mutated inputs sent by the fuzzing behaviours.</summary>
    public long FuzzInputs;

    /// <summary>Commands sent by chattering clients.</summary>
    public long Commands;

    private readonly long[] _behaviours = new long[Enum.GetValues<ChaosBehaviour>().Length];

    /// <summary>Adds one to <paramref name="counter"/>.</summary>
    public void Count(ref long counter) => Interlocked.Increment(ref counter);

    /// <summary>Adds <paramref name="amount"/> to <paramref name="counter"/>.</summary>
    public void Add(ref long counter, long amount) => Interlocked.Add(ref counter, amount);

    /// <summary>Counts one run of <paramref name="behaviour"/>.</summary>
    public void Started(ChaosBehaviour behaviour) => Interlocked.Increment(ref _behaviours[(int)behaviour]);

    /// <summary>The counts in one line, for the test output and docs/reliability.md.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"{Connections} connections ({ConnectFailures} failed), {Commands} commands, {FuzzInputs} fuzz inputs, ");
        text.Append($"{BytesSent / 1024} KiB sent, {BytesReceived / 1024} KiB received; behaviours: ");
        text.AppendJoin(", ", Enum.GetValues<ChaosBehaviour>().Select(b => $"{b} {_behaviours[(int)b]}"));
        return text.ToString();
    }
}
