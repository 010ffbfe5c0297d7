using Parley.Server.Hosting;
using Parley.Tests.Client.Support;

namespace Parley.Tests.Client;

/// <summary>`parley client` in a real pseudo-terminal (tmux): what a person sees while typing.</summary>
[Collection(ClientProcessCollection.Name)]
public sealed class TerminalClientTests : IAsyncLifetime
{
    private ParleyServer? _server;

    private int Port => _server!.Endpoints[0].EndPoint.Port;

    public async ValueTask InitializeAsync() =>
        _server = await ParleyServer.StartAsync(new ServerOptions { Listen = ["127.0.0.1:0"], DataDirectory = Parley.Tests.Support.InProcessServer.NewDataDirectory() });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>The client as carol in a 120x30 terminal; the shell prints its exit code and keeps the pane open.</summary>
    private async Task<TmuxSession> StartCarolAsync()
    {
        var parley = string.Join(' ', ParleyExecutable.Command.Select(part => $"'{part}'"));
        var command = $"{parley} client 127.0.0.1:{Port} --nick carol; echo \"[exit $?]\"; sleep 60";
        var tmux = TmuxSession.Start(command);
        try
        {
            await tmux.WaitForAsync(s => s.Contains("People in #lobby: @carol") && TmuxSession.LastLine(s) == "You:", "carol in #lobby at the prompt");
            return tmux;
        }
        catch
        {
            tmux.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Incoming_message_is_printed_above_the_prompt_and_the_partial_line_survives()
    {
        using var tmux = await StartCarolAsync();
        await using var bob = await IrcPeer.JoinAsync(Port, "bob", "#lobby");
        await tmux.WaitForAsync(s => s.Contains("* bob joined #lobby"), "bob joining");

        tmux.Type("helo");
        tmux.Press("Left");
        await tmux.WaitForAsync(s => TmuxSession.LastLine(s) == "You: helo" && tmux.Cursor().X == "You: hel".Length, "the partial line with the cursor before 'o'");

        await bob.SendAsync("PRIVMSG #lobby :hi carol, are you there?");
        var screen = await tmux.WaitForAsync(s => s.Contains("<bob> hi carol, are you there?"), "bob's message");

        // The message is on its own row above the prompt, and the prompt, the partial line and the cursor are as before.
        var messageRow = Array.IndexOf(screen, "<bob> hi carol, are you there?");
        var promptRow = Array.LastIndexOf(screen, "You: helo");
        Assert.True(promptRow == messageRow + 1, $"expected the prompt right under the message:\n{string.Join('\n', screen)}");
        Assert.Equal(promptRow, Array.FindLastIndex(screen, r => r.Length > 0));
        Assert.Equal(("You: hel".Length, promptRow), tmux.Cursor());

        // Typing goes on where it stopped: the 'l' lands before the 'o'.
        tmux.Type("l");
        tmux.Press("Enter");
        await bob.WaitForAsync(l => l.EndsWith(" PRIVMSG #lobby hello", StringComparison.Ordinal) || l.EndsWith(" PRIVMSG #lobby :hello", StringComparison.Ordinal), "carol's 'hello'");
        await tmux.WaitForAsync(s => s.Contains("You: hello") && TmuxSession.LastLine(s) == "You:", "the sent line kept and a fresh prompt");
    }

    [Fact]
    public async Task Ctrl_c_disconnects_and_exits_with_code_0()
    {
        using var tmux = await StartCarolAsync();
        tmux.Type("half a thou");
        tmux.Press("C-c");
        var screen = await tmux.WaitForAsync(s => s.Contains("[exit 0]"), "the client exiting with code 0");
        Assert.Contains("Disconnected.", screen);
        Assert.DoesNotContain(screen, r => r.StartsWith("You: half", StringComparison.Ordinal));
    }
}
