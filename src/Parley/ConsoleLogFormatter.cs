using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Parley;

/// <summary>Short console lines for the operator: "12:00:01 connection #1 from 127.0.0.1:5000".</summary>
internal sealed class ConsoleLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "parley";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => string.Empty,
        };
        textWriter.Write($"{DateTime.Now:HH:mm:ss} {level}{message}{Environment.NewLine}");
        if (logEntry.Exception is { } ex)
        {
            textWriter.WriteLine(ex.ToString());
        }
    }
}
