using System.Diagnostics;
using System.Text;

namespace Parley.Tests.Client.Support;

/// <summary>`parley client` running as a separate process with its standard streams piped to the test.</summary>
internal sealed class ClientProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();

    private ClientProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts `dotnet parley.dll client ARGS...` (or the native executable, see <see cref="ParleyExecutable.Command"/>).</summary>
    public static ClientProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts `dotnet parley.dll client ARGS...` (or the native executable) with <paramref name="environment"/>
    /// added to its environment.</summary>
    public static ClientProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var command = ParleyExecutable.Command;
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var leading in command.Skip(1))
        {
            info.ArgumentList.Add(leading);
        }
        info.ArgumentList.Add("client");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var client = new ClientProcess(process);
        process.OutputDataReceived += (_, e) => client.Collect(client._output, e.Data);
        process.ErrorDataReceived += (_, e) => client.Collect(client._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Every line printed on stdout so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Every line printed on stderr so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Waits until stdout has a line equal to <paramref name="line"/>; fails with the output so far otherwise.</summary>
    public Task WaitForLineAsync(string line) => WaitForAsync(l => l == line, $"the line \"{line}\"");

    /// <summary>Waits until stdout has a line matching <paramref name="match"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            // Once the process has exited, wait for the rest of its output before the last look.
            var exited = _process.HasExited;
            if (exited)
            {
                _process.WaitForExit();
            }
            if (Output.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (exited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the client never printed {what}{(exited ? $" (it exited with code {_process.ExitCode})" : string.Empty)}.\n{Describe()}");
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Types a line (into the client's stdin).</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Ends the client's input, as at the end of a script.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the client to exit and returns its exit code; fails if it does not exit in time.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"the client did not exit within {Patience.TotalSeconds} s.\n{Describe()}");
        }
        _process.WaitForExit(); // lets the output events finish
        return _process.ExitCode;
    }

    /// <summary>The output so far, for failure messages.</summary>
    public string Describe() =>
        $"stdout:\n  {string.Join("\n  ", Output)}\nstderr:\n  {string.Join("\n  ", Errors)}";

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Collect(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            lines.Add(line);
        }
    }
}
