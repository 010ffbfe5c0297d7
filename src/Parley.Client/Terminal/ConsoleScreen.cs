namespace Parley.Client.Terminal;

/// <summary>The chat on a terminal: a prompt with a line editor on the last row, and messages printed above it without
/// disturbing what is being typed.</summary>
/// <remarks>Every write goes through one lock, so a message arriving from the network and a key being echoed never
/// interleave. To print a message: go to the start of the prompt row, erase it, print the message and a newline, then
/// draw the prompt, the partial line and the cursor again.</remarks>
public sealed class ConsoleScreen(TextWriter output, string prompt = "You: ", Func<int>? width = null) : IChatScreen
{
    private const string EraseRow = "\r\u001b[K";

    private readonly Lock _gate = new();
    private readonly LineEditor _editor = new(prompt);
    private bool _promptShown;
    private bool _stopped;

    /// <inheritdoc/>
    public bool IsInteractive => true;

    /// <inheritdoc/>
    public void Show(string line)
    {
        lock (_gate)
        {
            if (_promptShown)
            {
                output.Write(EraseRow);
            }
            output.Write(line);
            output.Write("\r\n");
            if (_promptShown)
            {
                output.Write(_editor.Render(Width()));
            }
            output.Flush();
        }
    }

    /// <inheritdoc/>
    public void StartInput(Action<string> onLine, Action<bool> onEnd)
    {
        // Ctrl+C arrives as a key, so it can end the chat cleanly (QUIT) instead of killing the process.
        Console.TreatControlCAsInput = true;
        ShowPrompt();
        var thread = new Thread(() => ReadKeys(onLine, onEnd)) { IsBackground = true, Name = "parley-keys" };
        thread.Start();
    }

    /// <summary>Draws the prompt; from now on messages are printed above it.</summary>
    internal void ShowPrompt()
    {
        lock (_gate)
        {
            _promptShown = true;
            output.Write(_editor.Render(Width()));
            output.Flush();
        }
    }

    /// <inheritdoc/>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            if (_promptShown)
            {
                output.Write(EraseRow);
                output.Flush();
                _promptShown = false;
            }
        }
    }

    private void ReadKeys(Action<string> onLine, Action<bool> onEnd)
    {
        while (true)
        {
            ConsoleKeyInfo key;
            try
            {
                key = Console.ReadKey(intercept: true);
            }
            catch (InvalidOperationException)
            {
                onEnd(false); // the terminal went away
                return;
            }
            if (!HandleKey(key, onLine, onEnd))
            {
                return;
            }
        }
    }

    /// <summary>Applies one key and redraws; false once input has ended (or the screen was stopped).</summary>
    internal bool HandleKey(ConsoleKeyInfo key, Action<string> onLine, Action<bool> onEnd)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }
            var result = _editor.Apply(key);
            switch (result.Kind)
            {
                case EditKind.Changed:
                    output.Write(_editor.Render(Width()));
                    break;
                case EditKind.Submitted when result.Line!.Trim().Length > 0:
                    // Leave the whole line on screen as typed (it may have been scrolled sideways while editing).
                    output.Write(EraseRow + _editor.Prompt + result.Line + "\r\n");
                    output.Write(_editor.Render(Width()));
                    onLine(result.Line);
                    break;
                case EditKind.Interrupted or EditKind.EndOfInput:
                    output.Write(EraseRow);
                    output.Flush();
                    _promptShown = false;
                    onEnd(result.Kind == EditKind.Interrupted);
                    return false;
            }
            output.Flush();
            return true;
        }
    }

    private int Width()
    {
        if (width is not null)
        {
            return width();
        }
        try
        {
            var width = Console.WindowWidth;
            return width > 0 ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
