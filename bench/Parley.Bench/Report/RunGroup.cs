using Parley.Bench.Results;

namespace Parley.Bench.Report;

/// <summary>The runs of one workload (a label) on one server, and their medians.</summary>
internal sealed class RunGroup(string server, string label, IReadOnlyList<RunResult> runs)
{
    /// <summary>The server's name.</summary>
    public string Server { get; } = server;

    /// <summary>The workload's label.</summary>
    public string Label { get; } = label;

    /// <summary>Every run, in file order.</summary>
    public IReadOnlyList<RunResult> Runs { get; } = runs;

    /// <summary>The first run, whose settings stand for all.</summary>
    public RunResult First => Runs[0];

    /// <summary>The median of <paramref name="value"/> over the runs that have it.</summary>
    public double? Median(Func<RunResult, double?> value)
    {
        var values = Runs.Select(value).OfType<double>().Order().ToArray();
        if (values.Length == 0)
        {
            return null;
        }
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>What went wrong in any run: losses, duplicates, problems.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var run in Runs.Where(r => !r.Clean))
        {
            var parts = new List<string>();
            if (run.Lost > 0)
            {
                parts.Add($"{run.Lost:N0} lost");
            }
            if (run.Duplicated > 0)
            {
                parts.Add($"{run.Duplicated:N0} duplicated");
            }
            if (run.Unexpected > 0)
            {
                parts.Add($"{run.Unexpected:N0} unexpected");
            }
            if (run.Delivered != run.Expected)
            {
                parts.Add($"{run.Delivered:N0} of {run.Expected:N0} seen");
            }
            parts.AddRange(run.Problems);
            yield return string.Join("; ", parts);
        }
    }
}
