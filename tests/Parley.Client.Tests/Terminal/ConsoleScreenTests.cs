using Parley.Client.Terminal;

namespace Parley.Client.Tests.Terminal;

public sealed class ConsoleScreenTests
{
    private readonly StringWriter _out = new();
    private readonly List<string> _lines = [];
    private bool? _interrupted;
    private readonly ConsoleScreen _screen;

    public ConsoleScreenTests()
    {
        _screen = new ConsoleScreen(_out, "You: ", () => 80);
    }

    private void Press(params IEnumerable<ConsoleKeyInfo> keys)
    {
        foreach (var key in keys)
        {
            _screen.HandleKey(key, _lines.Add, i => _interrupted = i);
        }
    }

    private string Written()
    {
        var text = _out.ToString();
        _out.GetStringBuilder().Clear();
        return text;
    }

    [Fact]
    public void Before_the_prompt_lines_are_printed_plainly()
    {
        _screen.Show("Connected to the chat server.");
        Assert.Equal("Connected to the chat server.\r\n", Written());
    }

    [Fact]
    public void Message_arriving_while_typing_is_printed_above_and_the_partial_line_redrawn()
    {
        _screen.ShowPrompt();
        Press(Keys.Text("hel"));
        Press(Keys.Left);
        Written();
        _screen.Show("<bob> hi");
        Assert.Equal("\r\u001b[K<bob> hi\r\n\r\u001b[KYou: hel\u001b[1D", Written());
    }

    [Fact]
    public void Enter_leaves_the_typed_line_on_screen_and_hands_it_over()
    {
        _screen.ShowPrompt();
        Press(Keys.Text("hello"));
        Written();
        Press(Keys.Enter);
        Assert.Equal(["hello"], _lines);
        Assert.Equal("\r\u001b[KYou: hello\r\n\r\u001b[KYou: ", Written());
    }

    [Fact]
    public void Enter_on_an_empty_line_sends_nothing()
    {
        _screen.ShowPrompt();
        Press(Keys.Enter, Keys.Char(' '), Keys.Enter);
        Assert.Empty(_lines);
    }

    [Fact]
    public void Ctrl_c_ends_input_and_takes_the_prompt_away()
    {
        _screen.ShowPrompt();
        Press(Keys.Text("ab"));
        Written();
        Assert.False(_screen.HandleKey(Keys.CtrlC, _lines.Add, i => _interrupted = i));
        Assert.True(_interrupted);
        _screen.Show("Disconnected.");
        Assert.Equal("\r\u001b[KDisconnected.\r\n", Written());
    }

    [Fact]
    public void Keys_after_stop_are_ignored()
    {
        _screen.ShowPrompt();
        _screen.Stop();
        Written();
        Assert.False(_screen.HandleKey(Keys.Char('x'), _lines.Add, _ => { }));
        Assert.Equal(string.Empty, Written());
    }
}
