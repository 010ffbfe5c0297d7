namespace Parley.Client.Tests.Chat;

public sealed class IncomingFormattingTests
{
    private readonly ClientFixture _f = new();

    [Fact]
    public void Message_in_the_current_room_shows_nick_and_text()
    {
        Assert.Equal(["<bob> hi there"], _f.Show(":bob!~bob@host PRIVMSG #lobby :hi there"));
    }

    [Fact]
    public void Message_in_another_room_is_marked_with_the_room()
    {
        _f.Receive(":alice!~alice@host JOIN #other");
        Assert.Equal(["[#other] <bob> over here"], _f.Show(":bob!~bob@host PRIVMSG #other :over here"));
    }

    [Fact]
    public void Current_room_is_matched_without_regard_to_case()
    {
        Assert.Equal(["<bob> hi"], _f.Show(":bob!~bob@host PRIVMSG #LOBBY :hi"));
    }

    [Fact]
    public void Private_message_is_starred()
    {
        Assert.Equal(["*bob* psst"], _f.Show(":bob!~bob@host PRIVMSG alice :psst"));
    }

    [Fact]
    public void Echo_of_our_own_room_message_is_not_shown_twice()
    {
        Assert.Empty(_f.Show(":alice!~alice@host PRIVMSG #lobby :what I typed"));
    }

    [Fact]
    public void Echo_of_our_private_message_confirms_where_it_went()
    {
        Assert.Equal(["-> *bob* psst"], _f.Show(":alice!~alice@host PRIVMSG bob :psst"));
    }

    [Fact]
    public void Action_is_shown_as_a_sentence()
    {
        Assert.Equal(["* bob waves"], _f.Show(":bob!~bob@host PRIVMSG #lobby :\u0001ACTION waves\u0001"));
    }

    [Fact]
    public void Other_ctcp_requests_are_not_shown()
    {
        Assert.Empty(_f.Show(":bob!~bob@host PRIVMSG alice :\u0001VERSION\u0001"));
    }

    [Theory]
    [InlineData(":srv.example NOTICE * :*** Looking up your hostname")]
    [InlineData("NOTICE alice :*** Looking up your hostname")]
    public void Server_notice_is_prefixed_with_server(string line)
    {
        Assert.Equal(["Server: *** Looking up your hostname"], _f.Show(line));
    }

    [Fact]
    public void Notice_from_a_person_is_dashed()
    {
        Assert.Equal(["-bob- fyi"], _f.Show(":bob!~bob@host NOTICE alice :fyi"));
    }

    [Fact]
    public void Someone_joining_leaving_and_quitting_is_announced()
    {
        Assert.Equal(["* bob joined #lobby"], _f.Show(":bob!~bob@host JOIN #lobby"));
        Assert.Equal(["* bob left #lobby (off to lunch)"], _f.Show(":bob!~bob@host PART #lobby :off to lunch"));
        Assert.Equal(["* carol quit (Quit: bye)"], _f.Show(":carol!~c@host QUIT :Quit: bye"));
    }

    [Fact]
    public void Nick_changes_are_announced_and_ours_is_remembered()
    {
        Assert.Equal(["* bob is now known as robert"], _f.Show(":bob!~bob@host NICK robert"));
        Assert.Equal(["* You are now known as alicia"], _f.Show(":alice!~alice@host NICK :alicia"));
        Assert.Equal("alicia", _f.Client.Nick);
    }

    [Fact]
    public void Names_on_join_are_one_line_and_who_is_a_list()
    {
        Assert.Equal(["People in #lobby: @alice, bob"], Names());
        _f.Sent("/who");
        Assert.Equal(["People in #lobby (3):", "  alice (operator)", "  bob", "  carol (operator, voice)"],
            Names(":srv 353 alice = #lobby :@+carol"));
    }

    [Fact]
    public void Who_sent_right_after_join_gets_the_list_after_the_join_summary()
    {
        var f = new ClientFixture(initialRoom: null);
        f.Sent("/join #den");
        f.Sent("/who");
        f.Receive(":alice!~a@h JOIN #den");
        Assert.Equal(["People in #den: @alice"], f.Show(":srv 353 alice = #den :@alice").Concat(f.Show(":srv 366 alice #den :End")));
        Assert.Equal(["People in #den (1):", "  alice (operator)"], f.Show(":srv 353 alice = #den :@alice").Concat(f.Show(":srv 366 alice #den :End")));
    }

    [Fact]
    public void Who_after_a_refused_join_still_gets_the_list()
    {
        _f.Sent("/join #vip");
        _f.Sent("/who #vip");
        _f.Receive(":srv 473 alice #vip :Cannot join channel (+i)");
        Assert.Equal("Nobody is in #vip (or you cannot see who is).", Assert.Single(_f.Show(":srv 366 alice #vip :End")));
    }

    private List<string> Names(string? extra = null)
    {
        var lines = new List<string>();
        lines.AddRange(_f.Show(":srv 353 alice = #lobby :@alice bob"));
        if (extra is not null)
        {
            lines.AddRange(_f.Show(extra));
        }
        lines.AddRange(_f.Show(":srv 366 alice #lobby :End of /NAMES list"));
        return lines;
    }

    [Fact]
    public void Errors_are_readable()
    {
        Assert.Equal(["Error: bob: No such nick/channel"], _f.Show(":srv 401 alice bob :No such nick/channel"));
        Assert.Equal(["Error: #x: Cannot send to channel"], _f.Show(":srv 404 alice #x :Cannot send to channel"));
    }

    [Fact]
    public void Nick_in_use_after_registration_says_so_without_retrying()
    {
        var output = _f.Receive(":srv 433 alice bob :Nickname is already in use");
        Assert.Equal(["Error: the nick bob is already taken."], output.Lines);
        Assert.Empty(output.Messages);
    }

    [Fact]
    public void Welcome_burst_is_quiet_but_the_motd_is_shown()
    {
        Assert.Empty(_f.Show(":srv 002 alice :Your host is srv"));
        Assert.Empty(_f.Show(":srv 005 alice CHANTYPES=# :are supported by this server"));
        Assert.Empty(_f.Show(":srv 251 alice :There are 2 users"));
        Assert.Empty(_f.Show(":srv 376 alice :End of /MOTD command."));
        Assert.Equal(["Server: Be kind."], _f.Show(":srv 372 alice :- Be kind."));
    }

    [Fact]
    public void Topic_kick_and_invite_read_as_sentences()
    {
        Assert.Equal(["Topic of #lobby: Welcome all"], _f.Show(":srv 332 alice #lobby :Welcome all"));
        Assert.Equal(["* bob changed the topic of #lobby to: New"], _f.Show(":bob!~b@h TOPIC #lobby :New"));
        Assert.Equal(["* carol was kicked from #lobby by bob (spam)"], _f.Show(":bob!~b@h KICK #lobby carol :spam"));
        Assert.Equal(["* bob invites you to #den (type /join #den)"], _f.Show(":bob!~b@h INVITE alice #den"));
    }

    [Fact]
    public void Being_kicked_from_the_current_room_leaves_no_current_room()
    {
        var lines = _f.Show(":bob!~b@h KICK #lobby alice :out");
        Assert.Equal(["* You were kicked from #lobby by bob (out)", "You are in no room now: type /join #room."], lines);
        Assert.Null(_f.Client.CurrentRoom);
        Assert.Empty(_f.Client.Rooms);
    }

    [Fact]
    public void Escape_sequences_and_formatting_codes_never_reach_the_screen()
    {
        var line = Assert.Single(_f.Show(":bob!~bob@host PRIVMSG #lobby :\u001b[2J\u0002bold\u0002 \u000304,12red\u0003 \u0007bell"));
        Assert.Equal("<bob>  [2Jbold red  bell", line); // ESC and BEL become spaces, formatting codes vanish
    }

    [Fact]
    public void Error_from_the_server_is_kept_for_the_closing_line()
    {
        Assert.Empty(_f.Show("ERROR :Server shutting down"));
        Assert.Equal("Disconnected by the server: Server shutting down", _f.Client.DescribeClose());
    }
}
