using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Parley.Tests.Support;

/// <summary>Where the child's standard input comes from.</summary>
public enum StdinSource
{
    /// <summary>A pipe the test keeps open and never writes to (a server started from a script).</summary>
    OpenPipe,

    /// <summary>/dev/null: input ends at once (a server started by a service manager or with &lt; /dev/null).</summary>
    DevNull,
}

/// <summary>The real `parley` executable, run as `dotnet parley.dll ...` from beside the test assembly (or the native
/// executable named by PARLEY_EXECUTABLE), with its output collected line by line. Killed on dispose if it is still
/// running.</summary>
public sealed partial class ParleyProcess : IAsyncDisposable
{
    private const int SIGTERM = 15;

    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly List<string> _allStdout = [];
    private readonly List<string> _stderr = [];
    private readonly Task _readers;

    private readonly CancellationToken _cancel;

    private readonly TempDirectory? _workingDirectory;

    private ParleyProcess(Process process, TempDirectory? workingDirectory, CancellationToken cancel)
    {
        _process = process;
        _cancel = cancel;
        _workingDirectory = workingDirectory;
        _readers = Task.WhenAll(ReadStdoutAsync(), ReadStderrAsync());
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Every line written to standard output so far.</summary>
    public List<string> Stdout
    {
        get
        {
            lock (_allStdout)
            {
                return [.. _allStdout];
            }
        }
    }

    /// <summary>Every line written to standard error so far.</summary>
    public List<string> Stderr
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts `dotnet parley.dll` (or PARLEY_EXECUTABLE) with <paramref name="arguments"/> in an empty temporary directory (so no stray
    /// parley.json is read), with no PARLEY__ variables from the test's environment except <paramref name="environment"/>
    /// and PARLEY__Limits__Exempt for loopback (as <see cref="InProcessServer.LoopbackExempt"/>; an entry in
    /// <paramref name="environment"/> replaces it).
    /// Every wait also ends when <paramref name="cancel"/> fires (pass the test's token).</summary>
    public static ParleyProcess Start(IEnumerable<string> arguments, CancellationToken cancel, StdinSource stdin = StdinSource.OpenPipe,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var (program, leading) = Program();
        var ownDirectory = workingDirectory is null ? new TempDirectory() : null;
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin == StdinSource.OpenPipe,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? ownDirectory!.Path,
        };
        if (stdin == StdinSource.DevNull)
        {
            // Process cannot redirect from a file; the shell does, then becomes the server (exec keeps the pid).
            info.FileName = "/bin/sh";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$0\" \"$@\" < /dev/null");
            info.ArgumentList.Add(program);
        }
        else
        {
            info.FileName = program;
        }
        if (leading is not null)
        {
            info.ArgumentList.Add(leading);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PARLEY__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["PARLEY__Limits__Exempt"] = InProcessServer.LoopbackExempt;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return new ParleyProcess(Process.Start(info)!, ownDirectory, cancel);
    }

    /// <summary>The environment variable naming a native `parley` executable (a Native AOT publish) to run instead of
    /// `dotnet parley.dll`, so the same end-to-end tests check the AOT build (scripts/test-aot.sh).</summary>
    public const string ExecutableVariable = "PARLEY_EXECUTABLE";

    /// <summary>What to start: the executable named by <see cref="ExecutableVariable"/>, or dotnet with parley.dll from
    /// beside the test assembly as its first argument.</summary>
    private static (string Program, string? FirstArgument) Program()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } native)
        {
            Assert.True(File.Exists(native), $"{ExecutableVariable}={native}: no such file");
            return (Path.GetFullPath(native), null);
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "parley.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: tests/Parley.Tests should reference src/Parley");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return (dotnet, dll);
    }

    /// <summary>Starts `parley server --listen 127.0.0.1:0 ...` and waits for its "listening" line; returns the process and
    /// the port it is bound to.</summary>
    public static async Task<(ParleyProcess Server, int Port)> StartServerAsync(CancellationToken cancel, IEnumerable<string>? extraArguments = null,
        StdinSource stdin = StdinSource.OpenPipe, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = Start(["server", "--listen", "127.0.0.1:0", .. extraArguments ?? []], cancel, stdin, environment);
        try
        {
            var line = await server.ExpectOutputAsync(l => l.StartsWith("Parley listening on tcp://127.0.0.1:", StringComparison.Ordinal));
            return (server, int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A port that was free a moment ago (bound to 0 and released), for tests that must name the port.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Waits for a standard output line matching <paramref name="predicate"/> (20 s unless told).</summary>
    public async Task<string> ExpectOutputAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        cancel.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var line = await _stdout.Reader.ReadAsync(cancel.Token);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"no matching output line (exited: {HasExited}); stdout: {string.Join(" | ", Stdout.TakeLast(10))}; stderr: {string.Join(" | ", Stderr)}");
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; kills it and fails after the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"parley still running after {timeout.TotalSeconds} s; stdout: {string.Join(" | ", Stdout.TakeLast(10))}");
        }
        await _readers;
        return _process.ExitCode;
    }

    /// <summary>Writes <paramref name="text"/> and a line end to the child's standard input, then closes it (the child
    /// was started with <see cref="StdinSource.OpenPipe"/>): a password piped into `parley admin hash-password`.</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteLineAsync(text);
        _process.StandardInput.Close();
    }

    /// <summary>Sends SIGTERM, as a service manager or `kill PID` does (Process.Kill would send SIGKILL).</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SIGTERM) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Sends SIGKILL, as `kill -9` does: the process ends at once, with no chance to clean up.</summary>
    public void Kill() => _process.Kill();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_allStdout)
            {
                _allStdout.Add(line);
            }
            _stdout.Writer.TryWrite(line);
        }
        _stdout.Writer.TryComplete();
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                _stderr.Add(line);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _readers;
        _process.Dispose();
        _workingDirectory?.Dispose();
    }
}
