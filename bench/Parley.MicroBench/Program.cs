using BenchmarkDotNet.Running;
using Parley.MicroBench;

// `dotnet run -c Release --project bench/Parley.MicroBench -- --filter '*'` runs every benchmark; see docs/benchmarks.md.
// `-- profile-loop MEMBERS SECONDS` only repeats the room benchmark's operation, for a profiler (perf, dotnet-trace) to
// watch without BenchmarkDotNet's own work in the picture.
if (args is ["profile-loop", var members, var seconds])
{
    ProfileLoop.Run(int.Parse(members, System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RoomFanoutBenchmarks).Assembly).Run(args);
