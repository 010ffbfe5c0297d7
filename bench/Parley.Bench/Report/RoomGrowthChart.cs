using System.Globalization;
using ScottPlot;

namespace Parley.Bench.Report;

/// <summary>The chart of the report: deliveries/s and p99 latency of the fanout workloads as the room grows, one line per
/// server, side by side.</summary>
internal static class RoomGrowthChart
{
    /// <summary>Draws the fanout groups into a PNG at <paramref name="path"/>; false when there is nothing to draw.</summary>
    public static bool Save(IReadOnlyList<RunGroup> groups, IReadOnlyList<string> servers, string path)
    {
        var fanout = groups.Where(g => g.First.Scenario == "fanout").ToList();
        var sizes = fanout.Select(g => g.First.Parameters.GetValueOrDefault("clients")).Distinct().Order().ToArray();
        if (sizes.Length == 0)
        {
            return false;
        }
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        multiplot.AddPlots(2);
        var rate = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < servers.Count; s++)
        {
            var xs = new List<double>();
            var rates = new List<double>();
            var p99s = new List<double>();
            for (var i = 0; i < sizes.Length; i++)
            {
                var group = fanout.FirstOrDefault(g => g.Server == servers[s] && g.First.Parameters.GetValueOrDefault("clients") == sizes[i]);
                if (group?.Median(r => r.Rate) is { } median && group.Median(r => r.Latency?.P99) is { } p99)
                {
                    xs.Add(i);
                    rates.Add(median / 1_000_000);
                    p99s.Add(p99);
                }
            }
            if (xs.Count == 0)
            {
                continue;
            }
            var color = palette.GetColor(s);
            var line = rate.Add.Scatter(xs.ToArray(), rates.ToArray(), color);
            line.LegendText = servers[s];
            line.LineWidth = 2;
            line.MarkerSize = 8;
            var line2 = latency.Add.Scatter(xs.ToArray(), p99s.ToArray(), color);
            line2.LegendText = servers[s];
            line2.LineWidth = 2;
            line2.MarkerSize = 8;
        }
        foreach (var plot in new[] { rate, latency })
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (var i = 0; i < sizes.Length; i++)
            {
                ticks.AddMajor(i, sizes[i].ToString("N0", CultureInfo.InvariantCulture));
            }
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.XLabel("members in the room");
            plot.Axes.SetLimitsX(-0.3, sizes.Length - 0.7);
            plot.ShowLegend(Alignment.UpperRight);
        }
        rate.Title("Deliveries per second (millions)");
        rate.YLabel("million deliveries/s");
        rate.Axes.SetLimitsY(0, rate.Axes.GetLimits().Top * 1.1);
        latency.Title("p99 latency, send to receipt (ms)");
        latency.YLabel("ms");
        latency.Axes.SetLimitsY(0, latency.Axes.GetLimits().Top * 1.1);
        multiplot.SavePng(path, 1200, 450);
        return true;
    }
}
