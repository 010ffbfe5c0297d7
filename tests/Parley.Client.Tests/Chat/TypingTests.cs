using Parley.Client.Chat;

namespace Parley.Client.Tests.Chat;

public sealed class TypingTests
{
    private readonly ClientFixture _f = new();

    [Fact]
    public void Typed_line_goes_to_the_current_room()
    {
        Assert.Equal(["PRIVMSG #lobby :hello there"], _f.Sent("hello there"));
    }

    [Fact]
    public void Join_switches_the_current_room_at_once_so_the_next_line_goes_there()
    {
        Assert.Equal(["JOIN #rust"], _f.Sent("/join #rust"));
        Assert.Equal("#rust", _f.Client.CurrentRoom);
        Assert.Equal(["PRIVMSG #rust borrowck!"], _f.Sent("borrowck!"));
    }

    [Fact]
    public void Refused_join_switches_back_to_the_previous_room()
    {
        _f.Sent("/join #vip");
        var lines = _f.Show(":srv 473 alice #vip :Cannot join channel (+i)");
        Assert.Equal(["Error: #vip: Cannot join channel (+i)", "Still talking in #lobby."], lines);
        Assert.Equal("#lobby", _f.Client.CurrentRoom);
    }

    [Fact]
    public void Join_of_a_room_we_are_in_only_switches()
    {
        _f.Receive(":alice!~a@h JOIN #rust");
        _f.Sent("/join #rust");
        var output = _f.Client.Type("/join #LOBBY");
        Assert.Empty(output.Messages);
        Assert.Equal(["Now talking in #lobby."], output.Lines);
        Assert.Equal("#lobby", _f.Client.CurrentRoom);
    }

    [Fact]
    public void Leaving_the_current_room_makes_another_room_current()
    {
        _f.Receive(":alice!~a@h JOIN #rust");
        _f.Sent("/join #rust");
        Assert.Equal(["PART #rust :see ya"], _f.Sent("/part see ya"));
        Assert.Equal(["* You left #rust", "Now talking in #lobby."], _f.Show(":alice!~a@h PART #rust :see ya"));
    }

    [Fact]
    public void Msg_sends_a_private_message_shown_when_the_server_echoes_it()
    {
        var output = _f.Client.Type("/msg bob see you");
        Assert.Equal(["PRIVMSG bob :see you"], output.Messages.Select(m => m.ToString()));
        Assert.Empty(output.Lines);
    }

    [Fact]
    public void Msg_without_echo_message_is_shown_at_once()
    {
        var f = new ClientFixture(echo: false);
        Assert.Equal(["-> *bob* see you"], f.Client.Type("/msg bob see you").Lines);
    }

    [Fact]
    public void Me_sends_a_ctcp_action()
    {
        Assert.Equal(["PRIVMSG #lobby :\u0001ACTION waves\u0001"], _f.Sent("/me waves"));
    }

    [Fact]
    public void Nick_and_who_become_nick_and_names()
    {
        Assert.Equal(["NICK zed"], _f.Sent("/nick zed"));
        Assert.Equal(["NAMES #lobby"], _f.Sent("/who"));
    }

    [Fact]
    public void Quit_is_a_signal_for_the_driver_carrying_the_reason()
    {
        var output = _f.Client.Type("/quit see you");
        Assert.True(output.Has(ClientSignal.QuitRequested));
        Assert.Equal("see you", output.QuitReason);
        Assert.Equal(["QUIT :see you"], _f.Client.Quit(output.QuitReason).Messages.Select(m => m.ToString()));
        Assert.True(_f.Client.HasQuit);
        Assert.Equal("Disconnected.", _f.Client.DescribeClose());
    }

    [Fact]
    public void Text_without_a_room_is_not_sent()
    {
        var f = new ClientFixture(initialRoom: null);
        var output = f.Client.Type("anyone?");
        Assert.Empty(output.Messages);
        Assert.Contains("/join", Assert.Single(output.Lines));
    }

    [Fact]
    public void Long_text_is_split_into_several_messages_that_fit()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 250));
        var sent = _f.Sent(text);
        Assert.True(sent.Count > 1);
        Assert.All(sent, line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) + 116 + 2 <= 512));
        Assert.Equal(text, string.Join(' ', sent.Select(l => l["PRIVMSG #lobby :".Length..])));
    }

    [Fact]
    public void Flush_pings_and_the_matching_pong_signals_flushed()
    {
        var ping = Assert.Single(_f.Client.Flush().Messages);
        Assert.Equal("PING", ping.Command);
        Assert.False(_f.Receive(":srv PONG srv :other-token").Has(ClientSignal.Flushed));
        Assert.True(_f.Receive($":srv PONG srv :{ping.Parameters[0]}").Has(ClientSignal.Flushed));
    }
}
