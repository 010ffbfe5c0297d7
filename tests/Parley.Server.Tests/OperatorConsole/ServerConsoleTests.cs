using System.IO.Pipelines;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Hub;
using Parley.Server.OperatorConsole;
using Parley.Server.Tests.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.OperatorConsole;

/// <summary>The console drives the hub through a real <see cref="HubLoop"/>; clients are connected before the loop
/// starts, and inspected only after a command completed, so the loop's thread is the only one touching the hub.</summary>
public sealed class ServerConsoleTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30); // a hang fails the test instead of the run

    private readonly HubHarness _harness = new();
    private readonly StringWriter _output = new();
    private HubLoop? _loop;
    private int _stopRequests;

    private ServerConsole Console()
    {
        _loop ??= new HubLoop(_harness.Hub);
        return new ServerConsole(_loop, _output, () => Interlocked.Increment(ref _stopRequests));
    }

    private async Task<string[]> Run(string line)
    {
        var console = Console();
        _output.GetStringBuilder().Clear();
        await console.ExecuteAsync(line).WaitAsync(Bound, TestContext.Current.CancellationToken);
        return _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.DisposeAsync();
        }
    }

    [Fact]
    public async Task Plain_line_is_a_notice_from_the_server_to_every_registered_client()
    {
        var alice = _harness.Connect("alice");
        var plain = _harness.ConnectPlain();
        var unregistered = _harness.ConnectRaw();
        unregistered.Send("NICK later");
        unregistered.Drain();

        Assert.Equal(["sent to 2 client(s)"], await Run("Server restarts at noon"));

        var notice = Assert.Single(alice.Drain());
        Assert.Equal("test.server", notice.Source);
        Assert.Equal("NOTICE", notice.Command);
        Assert.Equal(["alice", "Server restarts at noon"], notice.Parameters);
        Assert.Equal(["Server: Server restarts at noon"], plain.DrainLines());
        Assert.Empty(unregistered.Drain());
    }

    [Fact]
    public async Task Say_sends_a_notice_to_the_members_of_one_room()
    {
        var alice = _harness.Connect("alice");
        var bob = _harness.Connect("bob");
        var plain = _harness.ConnectPlain();
        alice.Send("JOIN #lobby");
        alice.Drain();
        plain.DrainLines();

        Assert.Equal(["sent to 2 member(s) of #lobby"], await Run("/say #LOBBY be nice, everyone"));

        var notice = Assert.Single(alice.Drain());
        Assert.Equal("test.server", notice.Source);
        Assert.Equal(["#lobby", "be nice, everyone"], notice.Parameters);
        Assert.Equal(["Server: be nice, everyone"], plain.DrainLines());
        Assert.Empty(bob.Drain());
    }

    [Theory]
    [InlineData("/say", "usage: /say #room text")]
    [InlineData("/say #lobby", "usage: /say #room text")]
    [InlineData("/say alice hello", "usage: /say #room text")]
    [InlineData("/say #nowhere hello", "no such room #nowhere")]
    public async Task Say_explains_what_is_wrong(string line, string answer)
    {
        Assert.Equal([answer], await Run(line));
    }

    [Fact]
    public async Task Who_lists_every_registered_user_with_their_door_and_rooms()
    {
        var alice = _harness.Connect("alice");
        alice.Send("JOIN #a,#b");
        _harness.Connect("bob");
        var plain = _harness.ConnectPlain();

        var lines = await Run("/who");

        Assert.Equal("3 connected:", lines[0]);
        Assert.Equal("  alice (~alice@127.0.0.1:0, irc) in #a #b", lines[1]);
        Assert.Equal("  bob (~bob@127.0.0.1:0, irc) in no room", lines[2]);
        Assert.Equal($"  {plain.Nick()} (~plain@127.0.0.1:0, plain) in #lobby", lines[3]);
    }

    [Fact]
    public async Task Who_with_nobody_says_so()
    {
        _harness.ConnectRaw(); // connected but not registered: not a user yet
        Assert.Equal(["nobody is connected"], await Run("/who"));
    }

    [Fact]
    public async Task Kick_disconnects_with_an_error_and_peers_see_the_reason()
    {
        var alice = _harness.Connect("alice");
        var bob = _harness.Connect("bob");
        alice.Send("JOIN #a");
        bob.Send("JOIN #a");
        alice.Drain();
        bob.Drain();

        Assert.Equal(["kicked bob"], await Run("/kick BOB flooding the room"));

        var error = Assert.Single(bob.Drain());
        Assert.Equal("ERROR", error.Command);
        Assert.Equal("Closing Link: 127.0.0.1 (Kicked: flooding the room)", error.Param(0));
        Assert.True(bob.Connection.IsClosed);
        var quit = Assert.Single(alice.Drain());
        Assert.Equal("QUIT", quit.Command);
        Assert.StartsWith("bob!", quit.Source);
        Assert.Equal("Kicked: flooding the room", quit.Param(0));
        Assert.Null(_harness.Hub.Nicks.Find("bob"));
    }

    [Fact]
    public async Task Kick_without_a_reason_gives_one_and_a_plain_user_reads_it()
    {
        var plain = _harness.ConnectPlain();
        Assert.Equal([$"kicked {plain.Nick()}"], await Run($"/kick {plain.Nick()}"));
        Assert.Equal(["Server: Closing Link: 127.0.0.1 (Kicked: Kicked by the server operator)"], plain.DrainLines());
        Assert.True(plain.Connection.IsClosed);
    }

    [Theory]
    [InlineData("/kick", "usage: /kick NICK [reason]")]
    [InlineData("/kick nobody", "no such nick nobody")]
    public async Task Kick_explains_what_is_wrong(string line, string answer)
    {
        Assert.Equal([answer], await Run(line));
    }

    [Fact]
    public async Task Rooms_lists_each_room_with_its_members()
    {
        var alice = _harness.Connect("alice");
        var bob = _harness.Connect("bob");
        alice.Send("JOIN #zoo,#ant");
        bob.Send("JOIN #zoo");

        Assert.Equal(["#ant (1): @alice", "#zoo (2): @alice bob"], await Run("/rooms"));
    }

    [Fact]
    public async Task Rooms_with_no_rooms_says_so()
    {
        Assert.Equal(["there are no rooms"], await Run("/rooms"));
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var lines = await Run("/help");
        Assert.Equal([ServerConsole.HelpText], lines);
        foreach (var command in new[] { "/say", "/who", "/kick", "/rooms", "/help", "/quit" })
        {
            Assert.Contains(command, lines[0]);
        }
    }

    [Fact]
    public async Task Quit_calls_the_stop_action_once()
    {
        Assert.Equal(["stopping the server"], await Run("/QUIT"));
        Assert.Equal(1, _stopRequests);
    }

    [Fact]
    public async Task Unknown_command_says_so()
    {
        Assert.Equal(["unknown command /frob; /help lists them"], await Run("/frob now"));
        Assert.Equal(0, _stopRequests);
    }

    [Fact]
    public async Task Blank_line_does_nothing()
    {
        var alice = _harness.Connect("alice");
        Assert.Empty(await Run("   "));
        Assert.Empty(alice.Drain());
    }

    [Fact]
    public async Task RunAsync_runs_every_line_and_returns_at_the_end_of_input()
    {
        var alice = _harness.Connect("alice");
        var input = new CountingReader(new StringReader("first notice\n/rooms\n\n/bogus\nsecond notice\n"));

        await Console().RunAsync(input, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(
            ["sent to 1 client(s)", "there are no rooms", "unknown command /bogus; /help lists them", "sent to 1 client(s)"],
            _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["first notice", "second notice"], alice.Drain().Select(m => m.Param(1)));
        Assert.Equal(6, input.Reads); // five lines, then the one read that found the end
        Assert.Equal(0, _stopRequests); // end of input leaves the server running
    }

    [Fact]
    public async Task RunAsync_with_empty_input_returns_after_one_read()
    {
        var input = new CountingReader(new StringReader(string.Empty));
        await Console().RunAsync(input, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(1, input.Reads);
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task RunAsync_returns_when_cancelled_while_waiting_for_input()
    {
        var pipe = new Pipe(); // never written: the read waits until cancelled
        using var reader = new StreamReader(pipe.Reader.AsStream());
        using var cancel = new CancellationTokenSource();
        var run = Console().RunAsync(reader, cancel.Token);
        Assert.False(run.IsCompleted);
        await cancel.CancelAsync();
        await run.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RunAsync_returns_when_cancelled_even_if_the_hub_has_stopped()
    {
        var console = Console();
        await _loop!.DisposeAsync(); // the hub is gone: work posted now is never done
        using var cancel = new CancellationTokenSource();
        var run = console.RunAsync(new StringReader("a notice nobody will send\n"), cancel.Token);
        await cancel.CancelAsync();
        await run.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    /// <summary>Counts reads, so a console that keeps reading after the end of input is caught.</summary>
    private sealed class CountingReader(TextReader inner) : TextReader
    {
        public int Reads { get; private set; }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return inner.ReadLineAsync(cancellationToken);
        }

        public override string? ReadLine()
        {
            Reads++;
            return inner.ReadLine();
        }
    }
}
