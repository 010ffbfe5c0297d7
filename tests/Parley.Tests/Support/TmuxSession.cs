using System.Diagnostics;

namespace Parley.Tests.Support;

/// <summary>A program running in a detached tmux session on a private tmux server (its own socket, so the test never
/// touches anyone's tmux), driven by typing keys and read by capturing the pane.</summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socket;
    private readonly CancellationToken _cancel;

    private TmuxSession(string socket, CancellationToken cancel)
    {
        _socket = socket;
        _cancel = cancel;
    }

    /// <summary>Starts <paramref name="command"/> (a shell command line) in a new 200x50 session.</summary>
    public static async Task<TmuxSession> StartAsync(string command, CancellationToken cancel)
    {
        var session = new TmuxSession("parley-e2e-" + Guid.NewGuid().ToString("N")[..12], cancel);
        await session.RunAsync("new-session", "-d", "-s", "main", "-x", "200", "-y", "50", command);
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally, then Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        await RunAsync("send-keys", "-t", "main", "-l", text);
        await RunAsync("send-keys", "-t", "main", "Enter");
    }

    /// <summary>The text now on the screen.</summary>
    public Task<string> CapturePaneAsync() => RunAsync("capture-pane", "-p", "-t", "main");

    /// <summary>Polls the screen until <paramref name="predicate"/> holds; fails with the screen when it does not in time.</summary>
    public async Task<string> WaitForPaneAsync(Func<string, bool> predicate, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var screen = await CapturePaneAsync();
            if (predicate(screen))
            {
                return screen;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the tmux pane never showed {what}; it shows:\n{screen.TrimEnd()}");
            }
            await Task.Delay(100, _cancel);
        }
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // tmux and the program inside want a terminal type and a UTF-8 locale, which a test runner may not have.
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }

    /// <summary>Ends the session and its private tmux server, and so the program in it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone: the program exited and took the session and server with it.
        }
    }
}
