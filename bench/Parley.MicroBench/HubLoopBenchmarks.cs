using BenchmarkDotNet.Attributes;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.MicroBench;

/// <summary>The hub's loop: what it costs to get a work item from a door's thread onto the hub's thread and run it.
/// <c>OneAtATime</c> waits for each item before posting the next (a quiet server: every item finds the loop asleep);
/// <c>Burst</c> posts 256 items at once (a busy one: the loop drains them in one batch).</summary>
[MemoryDiagnoser]
public class HubLoopBenchmarks
{
    private const int BurstSize = 256;
    private HubLoop _loop = null!;
    private readonly SemaphoreSlim _done = new(0);
    private Action<ChatHub> _signal = null!;
    private Action<ChatHub> _nothing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _loop = new HubLoop(new ChatHub(new ServerOptions { Quiet = true }));
        _signal = _ => _done.Release();
        _nothing = _ => { };
    }

    [GlobalCleanup]
    public void Cleanup() => _loop.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public void OneAtATime()
    {
        _loop.Post(_signal);
        _done.Wait();
    }

    [Benchmark(OperationsPerInvoke = BurstSize)]
    public void Burst()
    {
        for (var i = 0; i < BurstSize - 1; i++)
        {
            _loop.Post(_nothing);
        }
        _loop.Post(_signal);
        _done.Wait();
    }
}
