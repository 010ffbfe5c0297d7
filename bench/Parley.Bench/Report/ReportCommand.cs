using System.CommandLine;
using System.Text.Json;
using Parley.Bench.Results;

namespace Parley.Bench.Report;

/// <summary>`parley-bench report`: turns a folder of --json results into docs/benchmarks.md and its chart.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<DirectoryInfo>("--results") { Description = "Folder of JSON results (one file per run).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The Markdown file to write.", Required = true };
        var chart = new Option<FileInfo?>("--chart") { Description = "The PNG chart to write (fanout by room size); linked from the Markdown by file name." };
        var commandLine = new Option<string>("--command") { Description = "The command that produced the results, quoted in the report.", DefaultValueFactory = _ => "bench/compare.sh" };
        var versions = new Option<string[]>("--server-version") { Description = "NAME=VERSION of a server, repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var notes = new Option<string[]>("--note") { Description = "A paragraph shown under the title, repeatable.", Arity = ArgumentArity.ZeroOrMore };

        var command = new Command("report", "Write the side-by-side comparison from JSON results.") { results, output, chart, commandLine, versions, notes };
        command.SetAction(async (result, cancel) =>
        {
            var folder = result.GetValue(results)!;
            var runs = new List<RunResult>();
            foreach (var file in folder.GetFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                try
                {
                    if (JsonSerializer.Deserialize(await File.ReadAllTextAsync(file.FullName, cancel), ResultJson.Default.RunResult) is { } run)
                    {
                        runs.Add(run);
                    }
                }
                catch (JsonException)
                {
                    await Console.Error.WriteLineAsync($"parley-bench report: skipping {file.Name}: not a result");
                }
            }
            if (runs.Count == 0)
            {
                await Console.Error.WriteLineAsync($"parley-bench report: no results in {folder.FullName}");
                return 2;
            }
            var groups = runs
                .GroupBy(r => (Server: r.Server ?? "server", Label: r.Label ?? r.Scenario))
                .Select(g => new RunGroup(g.Key.Server, g.Key.Label, g.ToList()))
                .ToList();
            var target = result.GetValue(output)!;
            var chartFile = result.GetValue(chart);
            string? chartLink = null;
            if (chartFile is not null && RoomGrowthChart.Save(groups, BenchmarkReport.ServerOrder(groups), chartFile.FullName))
            {
                chartLink = Path.GetRelativePath(target.DirectoryName ?? ".", chartFile.FullName);
            }
            var context = new ReportContext(
                result.GetValue(commandLine)!,
                groups.Max(g => g.Runs.Count),
                (result.GetValue(versions) ?? []).Select(v => v.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]),
                result.GetValue(notes) ?? [],
                chartLink);
            // Sections measured by other tools (UDP sessions, slow consumers) sit below a marker and survive a new report.
            var kept = target.Exists ? KeptSections(await File.ReadAllTextAsync(target.FullName, cancel)) : string.Empty;
            await File.WriteAllTextAsync(target.FullName, BenchmarkReport.Write(groups, context) + kept, cancel);
            await Console.Error.WriteLineAsync($"wrote {target.FullName}" + (chartLink is null ? "" : $" and {chartFile!.FullName}"));
            return 0;
        });
        return command;
    }

    /// <summary>The line below which docs/benchmarks.md holds sections this report does not write.</summary>
    public const string KeepMarker = "<!-- Sections below this line come from other measurements; `parley-bench report` keeps them. -->";

    /// <summary>The marker and everything after it, or nothing when the file has no marker.</summary>
    internal static string KeptSections(string existing)
    {
        var at = existing.IndexOf(KeepMarker, StringComparison.Ordinal);
        return at < 0 ? string.Empty : "\n" + existing[at..];
    }
}
