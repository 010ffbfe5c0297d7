using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parley.Tests.Soak;

/// <summary>A logger provider that keeps what a server logged at warning level or above, or with an exception, so a test
/// can say "nothing went wrong" about a run; everything else is only counted.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _kept = new();
    private long _entries;

    /// <summary>Warnings, errors and anything logged with an exception, as "Level category: message: exception".</summary>
    public IReadOnlyCollection<string> Problems => _kept;

    /// <summary>How many entries were logged in all.</summary>
    public long Entries => Interlocked.Read(ref _entries);

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref log._entries);
            if (logLevel >= LogLevel.Warning || exception is not null)
            {
                log._kept.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : ": " + exception)}");
            }
        }
    }
}
