using Parley.Fuzz.Targets;

namespace Parley.Protocol.Tests.Fuzz;

/// <summary>The fuzz corpus as copied next to the tests, and how a target's failure reads in a test message.</summary>
internal static class FuzzCorpus
{
    /// <summary>Where the corpus of <paramref name="target"/> is in the test output.</summary>
    public static string Folder(string target) => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", target);

    /// <summary>Every file of the corpus, in name order so that runs are the same.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(string target) =>
        Directory.Exists(Folder(target))
            ? [.. Directory.GetFiles(Folder(target)).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))]
            : [];

    /// <summary>Null when the input keeps every invariant; otherwise what broke (any exception at all counts).</summary>
    public static string? Failure(FuzzTarget target, byte[] input)
    {
        try
        {
            target(input);
            return null;
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
