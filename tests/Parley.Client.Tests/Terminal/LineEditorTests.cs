using Parley.Client.Terminal;

namespace Parley.Client.Tests.Terminal;

public sealed class LineEditorTests
{
    private readonly LineEditor _editor = new("You: ");

    private EditResult Type(params IEnumerable<ConsoleKeyInfo> keys)
    {
        var last = new EditResult(EditKind.None);
        foreach (var key in keys)
        {
            last = _editor.Apply(key);
        }
        return last;
    }

    [Fact]
    public void Printable_characters_are_inserted_at_the_cursor()
    {
        Type(Keys.Text("hllo"));
        Type(Keys.Home, Keys.Right, Keys.Char('e'));
        Assert.Equal("hello", _editor.Text);
        Assert.Equal(2, _editor.Cursor);
    }

    [Fact]
    public void Backspace_and_delete_remove_around_the_cursor()
    {
        Type(Keys.Text("abcd"));
        Type(Keys.Left, Keys.Backspace);
        Assert.Equal("abd", _editor.Text);
        Type(Keys.Delete);
        Assert.Equal("ab", _editor.Text);
        Assert.Equal(EditKind.None, Type(Keys.Delete).Kind);
        Type(Keys.Home);
        Assert.Equal(EditKind.None, Type(Keys.Backspace).Kind);
    }

    [Fact]
    public void Enter_submits_the_line_and_empties_the_editor()
    {
        Type(Keys.Text("hi all"));
        var result = Type(Keys.Enter);
        Assert.Equal(new EditResult(EditKind.Submitted, "hi all"), result);
        Assert.Equal(string.Empty, _editor.Text);
        Assert.Equal(0, _editor.Cursor);
    }

    [Fact]
    public void Ctrl_c_interrupts_and_ctrl_d_ends_input_only_on_an_empty_line()
    {
        Assert.Equal(EditKind.Interrupted, Type(Keys.Text("x").Append(Keys.CtrlC)).Kind);
        Assert.Equal(EditKind.Changed, Type(Keys.Home, Keys.CtrlD).Kind);
        Assert.Equal(string.Empty, _editor.Text);
        Assert.Equal(EditKind.EndOfInput, Type(Keys.CtrlD).Kind);
    }

    [Fact]
    public void Ctrl_u_and_ctrl_w_erase_before_the_cursor()
    {
        Type(Keys.Text("one two three"));
        Type(Keys.CtrlW);
        Assert.Equal("one two ", _editor.Text);
        Type(Keys.CtrlU);
        Assert.Equal(string.Empty, _editor.Text);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_draft()
    {
        Type(Keys.Text("first").Append(Keys.Enter));
        Type(Keys.Text("second").Append(Keys.Enter));
        Type(Keys.Text("dra"));
        Type(Keys.Up);
        Assert.Equal("second", _editor.Text);
        Type(Keys.Up);
        Assert.Equal("first", _editor.Text);
        Assert.Equal(EditKind.None, Type(Keys.Up).Kind);
        Type(Keys.Down, Keys.Down);
        Assert.Equal("dra", _editor.Text);
    }

    [Fact]
    public void Surrogate_pairs_move_and_erase_as_one_character()
    {
        Type(Keys.Text("a😀b"));
        Type(Keys.Left, Keys.Left);
        Assert.Equal(1, _editor.Cursor);
        Type(Keys.End, Keys.Left, Keys.Backspace);
        Assert.Equal("ab", _editor.Text);
    }

    [Fact]
    public void Render_erases_the_row_draws_prompt_and_text_and_puts_the_cursor_back()
    {
        Type(Keys.Text("hello"));
        Assert.Equal("\r\u001b[KYou: hello", _editor.Render(80));
        Type(Keys.Left, Keys.Left);
        Assert.Equal("\r\u001b[KYou: hello\u001b[2D", _editor.Render(80));
    }

    [Fact]
    public void A_line_longer_than_the_row_scrolls_to_keep_the_cursor_visible()
    {
        Type(Keys.Text("abcdefghijklmnopqrstuvwxyz"));
        // 20 columns: 5 for the prompt, one kept free, 14 for text.
        Assert.Equal("\r\u001b[KYou: mnopqrstuvwxyz", _editor.Render(20));
        Type(Keys.Home);
        Assert.Equal("\r\u001b[KYou: abcdefghijklmn\u001b[14D", _editor.Render(20));
    }
}
