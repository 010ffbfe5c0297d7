namespace Parley.Bench.Measure;

/// <summary>One status line on stderr, redrawn twice a second on a terminal (every five seconds, as a new line, when
/// stderr goes to a file), so a long run shows it is alive without flooding a log.</summary>
internal sealed class Progress : IAsyncDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly bool _enabled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private Func<string>? _status;
    private int _lastLength;

    /// <summary>Starts drawing; <paramref name="enabled"/> false draws nothing (tests).</summary>
    public Progress(string scenario, bool enabled)
    {
        Scenario = scenario;
        _enabled = enabled;
        _loop = enabled ? DrawAsync() : Task.CompletedTask;
    }

    /// <summary>The name shown first on the line.</summary>
    public string Scenario { get; }

    /// <summary>Replaces what the line shows.</summary>
    public void Show(Func<string> status) => Volatile.Write(ref _status, status);

    private async Task DrawAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_terminal ? 500 : 5000));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Draw();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Draw()
    {
        if (Volatile.Read(ref _status) is not { } status)
        {
            return;
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var text = $"{Scenario} {elapsed,6:F1}s  {status()}";
        if (_terminal)
        {
            Console.Error.Write("\r" + text.PadRight(_lastLength));
            _lastLength = text.Length;
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (_enabled && _terminal && _lastLength > 0)
        {
            Console.Error.Write("\r" + new string(' ', _lastLength) + "\r");
        }
        _stop.Dispose();
    }
}
