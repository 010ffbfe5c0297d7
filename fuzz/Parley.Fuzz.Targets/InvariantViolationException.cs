namespace Parley.Fuzz.Targets;

/// <summary>A fuzz target found input for which the code under test broke one of its promises; the fuzzer records such
/// an input as a crash.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);

/// <summary>Where the targets state their invariants.</summary>
internal static class Invariant
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="holds"/> is false; the message names
    /// the invariant.</summary>
    public static void Check(bool holds, string invariant)
    {
        if (!holds)
        {
            throw new InvariantViolationException(invariant);
        }
    }
}
