using System.Diagnostics;

namespace Parley.Tests.Client.Support;

/// <summary>A command running in a detached tmux session: a real pseudo-terminal the test can type into and read
/// back, as a person would see it.</summary>
/// <remarks>Each session has its own tmux server socket, so tests never touch anyone's tmux or each other's.</remarks>
internal sealed class TmuxSession : IDisposable
{
    private const string Name = "parley";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"parley-test-{Guid.NewGuid():N}.tmux");

    private TmuxSession()
    {
    }

    /// <summary>Starts <paramref name="shellCommand"/> in a new session of the given size. Fails (never skips) when tmux
    /// is missing, so a machine without it cannot pass the terminal tests by accident.</summary>
    public static TmuxSession Start(string shellCommand, int width = 120, int height = 30)
    {
        RequireTmux();
        var session = new TmuxSession();
        session.Run("new-session", "-d", "-s", Name, "-x", width.ToString(), "-y", height.ToString(), shellCommand);
        return session;
    }

    /// <summary>Types text literally (no key names).</summary>
    public void Type(string text) => Run("send-keys", "-t", Name, "-l", text);

    /// <summary>Presses keys by tmux name: Enter, Left, C-c...</summary>
    public void Press(params string[] keys) => Run(["send-keys", "-t", Name, .. keys]);

    /// <summary>The visible screen, one string per row, trailing spaces removed.</summary>
    public string[] Screen() =>
        Run("capture-pane", "-p", "-t", Name).Split('\n').Select(r => r.TrimEnd()).ToArray();

    /// <summary>The cursor's column and row (from 0).</summary>
    public (int X, int Y) Cursor()
    {
        var parts = Run("display-message", "-p", "-t", Name, "#{cursor_x} #{cursor_y}").Trim().Split(' ');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>The last row that is not blank.</summary>
    public static string LastLine(string[] screen) => screen.LastOrDefault(r => r.Length > 0) ?? string.Empty;

    /// <summary>Waits until the screen satisfies <paramref name="condition"/>; fails showing the screen otherwise.</summary>
    public async Task<string[]> WaitForAsync(Func<string[], bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        string[] screen;
        while (true)
        {
            screen = Screen();
            if (condition(screen))
            {
                return screen;
            }
            if (DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"the terminal never showed {what}; it shows:\n{string.Join('\n', screen)}");
        return screen;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone (the command ended and took the server with it).
        }
        File.Delete(_socket);
    }

    private static void RequireTmux()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        if (!path.Any(dir => File.Exists(Path.Combine(dir, "tmux"))))
        {
            Assert.Fail("tmux is not installed, and the terminal tests need it to run the client under a pseudo-terminal. " +
                "Install it (apt-get install tmux); scripts/test.sh does so.");
        }
    }

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-S");
        info.ArgumentList.Add(_socket);
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add("/dev/null");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error.Trim()}");
        }
        return output;
    }
}
