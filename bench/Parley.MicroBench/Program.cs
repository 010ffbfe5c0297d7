using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Parley.MicroBench -- --filter '*'` runs every benchmark; see docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(Parley.MicroBench.RoomFanoutBenchmarks).Assembly).Run(args);
