using System.Text;

namespace Parley.Client.Terminal;

/// <summary>What a key did to the line being typed.</summary>
public enum EditKind
{
    /// <summary>Nothing changed (an unknown key, Backspace at the start...).</summary>
    None,

    /// <summary>The text or the cursor changed: redraw.</summary>
    Changed,

    /// <summary>Enter: the line is complete (see <see cref="EditResult.Line"/>) and the editor is empty again.</summary>
    Submitted,

    /// <summary>Ctrl+C: the user wants to leave.</summary>
    Interrupted,

    /// <summary>Ctrl+D on an empty line: end of input.</summary>
    EndOfInput,
}

/// <summary>The outcome of one key.</summary>
public readonly record struct EditResult(EditKind Kind, string? Line = null);

/// <summary>The line being typed after the prompt: text, cursor, a short history, and how to draw it on one row.</summary>
/// <remarks>Pure state, no console: <see cref="ConsoleScreen"/> feeds it keys and writes what <see cref="Render"/> returns.
/// The line is drawn on one terminal row (scrolling sideways when it is longer) so that "\r ESC[K" always erases all of
/// it before a message is printed above it.</remarks>
public sealed class LineEditor(string prompt)
{
    private const int MaxHistory = 100;

    private readonly StringBuilder _text = new();
    private readonly List<string> _history = [];
    private int _historyIndex;
    private string _draft = string.Empty;

    /// <summary>The prompt drawn before the text.</summary>
    public string Prompt { get; } = prompt;

    /// <summary>The text typed so far.</summary>
    public string Text => _text.ToString();

    /// <summary>The cursor's position in <see cref="Text"/>, in chars.</summary>
    public int Cursor { get; private set; }

    /// <summary>Applies one key.</summary>
    public EditResult Apply(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        var ch = key.KeyChar;
        if (ch == '\x03' || (control && key.Key == ConsoleKey.C))
        {
            return new EditResult(EditKind.Interrupted);
        }
        if (ch == '\x04' || (control && key.Key == ConsoleKey.D))
        {
            return _text.Length == 0 ? new EditResult(EditKind.EndOfInput) : Delete();
        }
        if (key.Key == ConsoleKey.Enter || ch is '\r' or '\n')
        {
            return Submit();
        }
        if (key.Key == ConsoleKey.Backspace || ch is '\b' or '\x7f')
        {
            return Backspace();
        }
        switch (key.Key)
        {
            case ConsoleKey.Delete:
                return Delete();
            case ConsoleKey.LeftArrow:
                return MoveTo(Cursor - StepBack());
            case ConsoleKey.RightArrow:
                return MoveTo(Cursor + StepForward());
            case ConsoleKey.Home:
                return MoveTo(0);
            case ConsoleKey.End:
                return MoveTo(_text.Length);
            case ConsoleKey.UpArrow:
                return Recall(-1);
            case ConsoleKey.DownArrow:
                return Recall(+1);
        }
        switch (ch)
        {
            case '\x01': // Ctrl+A
                return MoveTo(0);
            case '\x05': // Ctrl+E
                return MoveTo(_text.Length);
            case '\x02': // Ctrl+B
                return MoveTo(Cursor - StepBack());
            case '\x06': // Ctrl+F
                return MoveTo(Cursor + StepForward());
            case '\x15': // Ctrl+U: erase before the cursor
                return Remove(0, Cursor);
            case '\x0b': // Ctrl+K: erase after the cursor
                return Remove(Cursor, _text.Length - Cursor);
            case '\x17': // Ctrl+W: erase the word before the cursor
                return Remove(WordStart(), Cursor - WordStart());
        }
        if (ch == '\t')
        {
            ch = ' ';
        }
        if (ch != '\0' && !char.IsControl(ch))
        {
            _text.Insert(Cursor, ch);
            Cursor++;
            return new EditResult(EditKind.Changed);
        }
        return new EditResult(EditKind.None);
    }

    /// <summary>What to write to show the prompt and the text on the current row, with the cursor in place:
    /// "\r", erase the row, the prompt, the part of the text that fits in <paramref name="width"/> columns, and a move
    /// back to the cursor.</summary>
    public string Render(int width)
    {
        var (start, length) = Window(width);
        var sb = new StringBuilder("\r\u001b[K");
        sb.Append(Prompt);
        sb.Append(_text.ToString(start, length));
        var back = start + length - Cursor;
        if (back > 0)
        {
            sb.Append("\u001b[").Append(back).Append('D');
        }
        return sb.ToString();
    }

    /// <summary>The part of the text shown: all of it when it fits, else a window that keeps the cursor visible.</summary>
    internal (int Start, int Length) Window(int width)
    {
        // One column is kept free: writing the last column of a row makes some terminals wrap at once.
        var room = Math.Max(1, width - Prompt.Length - 1);
        if (_text.Length <= room)
        {
            return (0, _text.Length);
        }
        var start = Math.Max(0, Cursor - room);
        start = Math.Min(start, _text.Length - room);
        if (start > 0 && start < _text.Length && char.IsLowSurrogate(_text[start]))
        {
            start++;
        }
        var length = Math.Min(room, _text.Length - start);
        if (length > 0 && start + length < _text.Length && char.IsHighSurrogate(_text[start + length - 1]))
        {
            length--;
        }
        return (start, length);
    }

    private EditResult Submit()
    {
        var line = _text.ToString();
        if (line.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != line))
        {
            _history.Add(line);
            if (_history.Count > MaxHistory)
            {
                _history.RemoveAt(0);
            }
        }
        _historyIndex = _history.Count;
        _draft = string.Empty;
        _text.Clear();
        Cursor = 0;
        return new EditResult(EditKind.Submitted, line);
    }

    private EditResult Backspace()
    {
        var step = StepBack();
        return step == 0 ? new EditResult(EditKind.None) : Remove(Cursor - step, step);
    }

    private EditResult Delete() => Remove(Cursor, StepForward());

    private EditResult Remove(int start, int count)
    {
        if (count <= 0)
        {
            return new EditResult(EditKind.None);
        }
        _text.Remove(start, count);
        Cursor = start;
        return new EditResult(EditKind.Changed);
    }

    private EditResult MoveTo(int position)
    {
        position = Math.Clamp(position, 0, _text.Length);
        if (position == Cursor)
        {
            return new EditResult(EditKind.None);
        }
        Cursor = position;
        return new EditResult(EditKind.Changed);
    }

    private EditResult Recall(int direction)
    {
        var index = _historyIndex + direction;
        if (index < 0 || index > _history.Count)
        {
            return new EditResult(EditKind.None);
        }
        if (_historyIndex == _history.Count)
        {
            _draft = _text.ToString(); // keep what was being typed, to come back to it with Down
        }
        _historyIndex = index;
        _text.Clear().Append(index == _history.Count ? _draft : _history[index]);
        Cursor = _text.Length;
        return new EditResult(EditKind.Changed);
    }

    // Surrogate pairs move and erase as one character.
    private int StepBack() => Cursor == 0 ? 0 : Cursor >= 2 && char.IsLowSurrogate(_text[Cursor - 1]) && char.IsHighSurrogate(_text[Cursor - 2]) ? 2 : 1;

    private int StepForward() => Cursor >= _text.Length ? 0 : Cursor + 1 < _text.Length && char.IsHighSurrogate(_text[Cursor]) && char.IsLowSurrogate(_text[Cursor + 1]) ? 2 : 1;

    private int WordStart()
    {
        var i = Cursor;
        while (i > 0 && _text[i - 1] == ' ')
        {
            i--;
        }
        while (i > 0 && _text[i - 1] != ' ')
        {
            i--;
        }
        return i;
    }
}
