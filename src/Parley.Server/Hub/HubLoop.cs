using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Hub;

/// <summary>Runs every piece of hub work, in order, on one thread. Doors parse on their own threads and post here;
/// this is what lets <see cref="ChatHub"/> hold its state without locks.</summary>
public sealed class HubLoop : IAsyncDisposable
{
    private readonly Channel<Action<ChatHub>> _work = Channel.CreateUnbounded<Action<ChatHub>>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Thread _thread;
    private readonly ITimer _ticker;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the loop for <paramref name="hub"/>, with a timer tick every second.</summary>
    public HubLoop(ChatHub hub)
    {
        Hub = hub;
        hub.Post = Post;
        _thread = new Thread(Run) { IsBackground = true, Name = "parley-hub" };
        _thread.Start();
        _ticker = hub.Time.CreateTimer(_ => Post(h => h.Tick()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The most work items run before the batch's output is let out (<see cref="ChatHub.EndOfBatch"/>): a busy
    /// queue still sends at least this often.</summary>
    public const int MaxBatch = 256;

    /// <summary>The hub this loop drives.</summary>
    public ChatHub Hub { get; }

    /// <summary>Queues work to run on the hub's thread.</summary>
    public void Post(Action<ChatHub> work) => _work.Writer.TryWrite(work);

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
        var reader = _work.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                var done = 0;
                while (reader.TryRead(out var work))
                {
                    try
                    {
                        work(Hub);
                    }
                    catch (Exception ex)
                    {
                        Hub.ConnectionLog.LogError(ex, "hub work failed");
                    }
                    if (++done == MaxBatch)
                    {
                        EndBatch();
                        done = 0;
                    }
                }
                EndBatch();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void EndBatch()
    {
        try
        {
            Hub.EndOfBatch();
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
        _work.Writer.TryComplete();
        await _stopped.Task;
    }
}
