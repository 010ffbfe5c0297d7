namespace Parley.Client.Terminal;

/// <summary>The chat for scripts: lines in from a reader, lines out to a writer, no prompt and no escape codes.</summary>
public sealed class PipedScreen(TextReader input, TextWriter output) : IChatScreen
{
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public bool IsInteractive => false;

    /// <inheritdoc/>
    public void Show(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <inheritdoc/>
    public void StartInput(Action<string> onLine, Action<bool> onEnd)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (input.ReadLine() is { } line)
                {
                    onLine(line);
                }
            }
            catch (IOException)
            {
                // A broken input pipe is the end of input like any other.
            }
            onEnd(false);
        })
        { IsBackground = true, Name = "parley-input" };
        thread.Start();
    }

    /// <inheritdoc/>
    public void Stop()
    {
    }
}
