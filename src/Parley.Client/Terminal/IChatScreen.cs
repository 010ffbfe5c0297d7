namespace Parley.Client.Terminal;

/// <summary>Where the chat is shown and typed: a terminal with a line editor, or plain pipes for scripts.</summary>
public interface IChatScreen
{
    /// <summary>Whether a person is typing at a terminal (as opposed to a script feeding lines).</summary>
    bool IsInteractive { get; }

    /// <summary>Shows one line; safe from any thread, and never mixed into the line being typed.</summary>
    void Show(string line);

    /// <summary>Starts reading input on a background thread: <paramref name="onLine"/> for each line, then
    /// <paramref name="onEnd"/> once, at end of input (true when the user interrupted with Ctrl+C).</summary>
    void StartInput(Action<string> onLine, Action<bool> onEnd);

    /// <summary>Takes the prompt away and ignores further keys; lines shown afterwards are printed plainly.</summary>
    void Stop();
}
