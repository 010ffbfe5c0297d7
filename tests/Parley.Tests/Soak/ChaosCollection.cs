namespace Parley.Tests.Soak;

/// <summary>The chaos runs measure the test process's memory and load both cores: they run alone, after the other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "chaos";

    /// <summary>The IRC and UDP fuzz corpora, as copied next to the tests.</summary>
    public static ChaosCorpora Corpora { get; } = new(Load("irc"), Load("udp"));

    private static byte[][] Load(string target) =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>Writes the report to the test output, and to the file PARLEY_CHAOS_REPORT names (for the scripts).</summary>
    public static void Publish(ChaosReport report)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("PARLEY_CHAOS_REPORT") is { Length: > 0 } path)
        {
            // The report shows the first line of each problem; the file gets them whole, stack traces and all.
            var details = report.LoggedProblems.Concat(report.UnobservedExceptions).Take(50).Select(p => "--- " + p + Environment.NewLine);
            File.AppendAllText(path, report + Environment.NewLine + string.Concat(details));
        }
    }
}
