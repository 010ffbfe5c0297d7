using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Hub;

/// <summary>Runs every piece of hub work, in order, on one thread. Doors parse on their own threads and post here;
/// this is what lets <see cref="ChatHub"/> hold its state without locks.</summary>
/// <remarks>The queue is a <see cref="ConcurrentQueue{T}"/> and the loop sleeps on a semaphore that a poster releases
/// only when the loop said it was going to sleep. A channel's <c>WaitToReadAsync().AsTask()</c> allocated a task per
/// wait and woke the loop through a thread-pool hop (the writer completed the wait on the pool, which then woke this
/// thread); here a post that finds the loop asleep wakes it directly, and one that finds it busy costs no signal.</remarks>
public sealed class HubLoop : IAsyncDisposable
{
    private readonly ConcurrentQueue<Action<ChatHub>> _work = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _sleeping; // 1 while the loop has found the queue empty and is about to wait (or waits) on _wake
    private volatile bool _completed;
    private readonly Thread _thread;
    private readonly ITimer _ticker;
    private readonly Action _countWork; // the hub's methods as delegates made once, not once per work item
    private readonly Action _endOfBatch;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the loop for <paramref name="hub"/>, with a timer tick every second.</summary>
    public HubLoop(ChatHub hub)
    {
        Hub = hub;
        _countWork = hub.CountWork;
        _endOfBatch = hub.EndOfBatch;
        hub.Post = Post;
        _thread = new Thread(Run) { IsBackground = true, Name = "parley-hub" };
        _thread.Start();
        _ticker = hub.Time.CreateTimer(_ => Post(h => h.Tick()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The most pieces of work (work items, or lines of an item that carries many; see
    /// <see cref="ChatHub.CountWork"/>) run before the batch's output is let out (<see cref="ChatHub.EndOfBatch"/>): a
    /// busy queue still sends at least this often.</summary>
    public const int MaxBatch = 256;

    /// <summary>The hub this loop drives.</summary>
    public ChatHub Hub { get; }

    /// <summary>Queues work to run on the hub's thread.</summary>
    public void Post(Action<ChatHub> work)
    {
        if (_completed)
        {
            return;
        }
        _work.Enqueue(work);
        WakeIfSleeping();
    }

    private void WakeIfSleeping()
    {
        // Enqueue is a full fence, so either this read sees the loop's "sleeping" or the loop's check of the queue sees
        // the item; the exchange makes exactly one of the posters that saw it release the semaphore.
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the hub's thread and returns its result.</summary>
    public Task<T> Ask<T>(Func<ChatHub, T> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(h =>
        {
            try
            {
                result.SetResult(work(h));
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        });
        return result.Task;
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                while (_work.TryDequeue(out var work))
                {
                    try
                    {
                        work(Hub);
                    }
                    catch (Exception ex)
                    {
                        Hub.ConnectionLog.LogError(ex, "hub work failed");
                    }
                    EndBatch(_countWork);
                }
                if (Hub.HasBatchWork)
                {
                    EndBatch(_endOfBatch);
                }
                if (_completed && _work.IsEmpty)
                {
                    return;
                }
                Interlocked.Exchange(ref _sleeping, 1);
                if (!_work.IsEmpty || _completed)
                {
                    // Work came in meanwhile. Unless a poster already took the wake-up (and released), stay awake; if
                    // one did, take its release now so the semaphore stays at zero.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        _wake.Wait();
                    }
                    continue;
                }
                _wake.Wait();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Runs <paramref name="step"/>, which may end the batch (<see cref="ChatHub.EndOfBatch"/>); a failure there
    /// is logged and the loop goes on.</summary>
    private void EndBatch(Action step)
    {
        try
        {
            step();
        }
        catch (Exception ex)
        {
            Hub.ConnectionLog.LogError(ex, "ending a batch of hub work failed");
        }
    }

    /// <summary>Stops accepting work, runs what is queued, and waits for the thread to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        _completed = true;
        Interlocked.MemoryBarrier(); // the loop's check of _completed and this read of _sleeping must not both be stale
        WakeIfSleeping();
        await _stopped.Task;
    }
}
