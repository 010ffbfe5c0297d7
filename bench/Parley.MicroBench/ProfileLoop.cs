using System.Diagnostics;

namespace Parley.MicroBench;

/// <summary>Repeats the room benchmark's operation for a while and prints its rate: something steady for a profiler.</summary>
internal static class ProfileLoop
{
    public static void Run(int members, TimeSpan duration)
    {
        var benchmark = new RoomFanoutBenchmarks { Members = members, History = false };
        benchmark.Setup();
        var clock = Stopwatch.StartNew();
        long operations = 0;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < 1000; i++)
            {
                benchmark.PrivmsgToRoom();
            }
            operations += 1000;
        }
        Console.WriteLine($"{operations} operations in {clock.Elapsed.TotalSeconds:F1} s: {clock.Elapsed.TotalNanoseconds / operations:F0} ns each");
    }
}
