using Parley.Protocol.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Doors.Plain;

public sealed class PlainTextDoorTests
{
    private static bool LooksLikeIrc(string line) =>
        line.StartsWith(':') || line.StartsWith('@') || (line.Length > 3 && char.IsAsciiDigit(line[0]) && line[3] == ' ');

    [Fact]
    public void Greeting_explains_plain_mode_gives_a_guest_nick_and_joins_the_lobby()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain(drain: false);
        var nick = plain.Nick();
        var lines = plain.DrainLines();

        Assert.Matches("^Guest[0-9]+$", nick);
        Assert.Contains("plain-text mode", lines[0]);
        Assert.Contains(lines, l => l.Contains($"You are {nick}") && l.Contains("/nick"));
        Assert.Contains("* You joined #lobby", lines);
        Assert.Contains($"Users in #lobby: @{nick}", lines);
        Assert.Contains("You are in #lobby: what you type goes there.", lines);
        Assert.DoesNotContain(lines, LooksLikeIrc);
        Assert.True(harness.Hub.Rooms.Find("#lobby")!.Contains(plain.Session));
    }

    [Fact]
    public void A_password_protected_server_turns_plain_text_users_away()
    {
        var harness = new HubHarness(o => o.Password = "sesame");
        var plain = harness.ConnectPlain(drain: false);
        Assert.Contains(plain.DrainLines(), l => l.StartsWith("error:") && l.Contains("password"));
        Assert.True(plain.Connection.IsClosed);
        Assert.Equal(0, harness.Hub.Rooms.Count);
    }

    [Fact]
    public void Lobby_is_the_configured_default_room()
    {
        var harness = new HubHarness(o => o.DefaultRoom = "#welcome");
        var plain = harness.ConnectPlain(drain: false);
        Assert.Contains("* You joined #welcome", plain.DrainLines());
    }

    [Fact]
    public void Guest_nicks_are_distinct()
    {
        var harness = new HubHarness();
        var nicks = Enumerable.Range(0, 20).Select(_ => harness.ConnectPlain().Nick()).ToList();
        Assert.Equal(nicks.Count, nicks.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void First_line_typed_goes_to_the_lobby()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        alice.Drain();
        var plain = harness.ConnectPlain();

        plain.Type(harness, "hello");

        var msg = Assert.Single(alice.Drain(), m => m.Command == "PRIVMSG");
        Assert.Equal($"{plain.Nick()}!~plain@127.0.0.1", msg.Source);
        Assert.Equal(["#lobby", "hello"], msg.Parameters);
        Assert.Empty(plain.DrainLines()); // no echo: the terminal already shows what was typed
    }

    [Fact]
    public void Irc_user_and_plain_user_in_one_room_see_each_other()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var joinBurst = alice.Drain();
        Assert.Contains(joinBurst, m => m.Command == Numerics.RPL_NAMREPLY && m.Parameters[^1].Contains(plain.Nick()));
        Assert.Equal(["* alice joined #lobby"], plain.DrainLines());

        alice.Send("PRIVMSG #lobby :hi, plain person");
        Assert.Equal(["<alice> hi, plain person"], plain.DrainLines());

        plain.Type(harness, "hi alice, from nc");
        var msg = Assert.Single(alice.Drain());
        Assert.Equal("PRIVMSG", msg.Command);
        Assert.Equal(["#lobby", "hi alice, from nc"], msg.Parameters);
    }

    [Fact]
    public void Two_plain_users_see_each_other()
    {
        var harness = new HubHarness();
        var one = harness.ConnectPlain();
        var two = harness.ConnectPlain();
        Assert.Equal([$"* {two.Nick()} joined #lobby"], one.DrainLines());

        two.Type(harness, "anyone here?");
        Assert.Equal([$"<{two.Nick()}> anyone here?"], one.DrainLines());
        Assert.Empty(two.DrainLines());
    }

    [Fact]
    public void Nick_renames_and_everyone_sees_it()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        var other = harness.ConnectPlain();
        alice.Drain();
        plain.DrainLines();
        var guest = plain.Nick();

        plain.Type(harness, "/nick bob");

        Assert.Equal("bob", plain.Nick());
        Assert.Equal(["* You are now known as bob"], plain.DrainLines());
        Assert.Equal([$"* {guest} is now known as bob"], other.DrainLines());
        var change = Assert.Single(alice.Drain());
        Assert.Equal("NICK", change.Command);
        Assert.Equal("bob", change.Param(0));
        Assert.StartsWith(guest + "!", change.Source);
    }

    [Fact]
    public void Nick_in_use_or_invalid_is_an_error_line()
    {
        var harness = new HubHarness();
        harness.Connect("alice");
        var plain = harness.ConnectPlain();

        plain.Type(harness, "/nick ALICE");
        Assert.Equal(["error: ALICE: Nickname is already in use"], plain.DrainLines());
        plain.Type(harness, "/nick 9lives");
        Assert.Equal(["error: 9lives: Erroneous nickname"], plain.DrainLines());
        plain.Type(harness, "/nick");
        Assert.Equal(["error: usage: /nick NAME (one word)"], plain.DrainLines());
        plain.Type(harness, "/nick two words");
        Assert.Single(plain.DrainLines(), l => l.StartsWith("error: "));
        Assert.StartsWith("Guest", plain.Nick());
    }

    [Fact]
    public void Join_switches_the_current_room_and_other_rooms_are_shown_with_their_name()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby,#games");
        var plain = harness.ConnectPlain();
        alice.Drain();

        plain.Type(harness, "/join #games");
        var lines = plain.DrainLines();
        Assert.Contains("* You joined #games", lines);
        Assert.Contains($"Users in #games: @alice, {plain.Nick()}", lines);
        Assert.Equal("You are in #games: what you type goes there.", lines[^1]);

        plain.Type(harness, "gg");
        var msg = Assert.Single(alice.Drain(), m => m.Command == "PRIVMSG");
        Assert.Equal(["#games", "gg"], msg.Parameters);

        alice.Send("PRIVMSG #lobby :over here");
        alice.Send("PRIVMSG #games :and here");
        Assert.Equal(["[#lobby] <alice> over here", "<alice> and here"], plain.DrainLines());
    }

    [Fact]
    public void Join_adds_the_hash_and_an_existing_room_is_switched_to_without_joining_again()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/join games");
        Assert.Contains("* You joined #games", plain.DrainLines());

        plain.Type(harness, "/join #LOBBY");
        Assert.Equal(["You are in #lobby: what you type goes there."], plain.DrainLines());
        Assert.Equal("#lobby", PlainTextDoor.StateOf(plain.Session)!.CurrentRoom);
    }

    [Fact]
    public void Join_of_a_bad_name_is_an_error_and_keeps_the_current_room()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/join #a,#b");
        Assert.Equal(["error: one room at a time: /join #room"], plain.DrainLines());
        plain.Type(harness, "/join");
        Assert.Equal(["error: usage: /join #room [key]"], plain.DrainLines());
        plain.Type(harness, "/join #bad:name");
        Assert.Equal(["error: #bad:name: No such channel"], plain.DrainLines());
        Assert.Equal("#lobby", PlainTextDoor.StateOf(plain.Session)!.CurrentRoom);
    }

    [Fact]
    public void Part_leaves_the_current_room_and_carries_on_in_another()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #games");
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/join #games");
        plain.DrainLines();
        alice.Drain();

        plain.Type(harness, "/part gotta go");
        Assert.Equal(["* You left #games (gotta go)", "You are in #lobby: what you type goes there."], plain.DrainLines());
        var part = Assert.Single(alice.Drain());
        Assert.Equal(["#games", "gotta go"], part.Parameters);

        plain.Type(harness, "/part");
        Assert.Equal(["* You left #lobby", "You are in no room now; /join #room to enter one."], plain.DrainLines());
        plain.Type(harness, "hello?");
        Assert.Equal(["error: you are in no room; /join #room first"], plain.DrainLines());
    }

    [Fact]
    public void Msg_sends_a_private_message_and_confirms_it()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        var plain = harness.ConnectPlain();

        plain.Type(harness, "/msg alice psst, a secret");

        var msg = Assert.Single(alice.Drain());
        Assert.Equal("PRIVMSG", msg.Command);
        Assert.Equal(["alice", "psst, a secret"], msg.Parameters);
        Assert.Equal(["-> *alice* psst, a secret"], plain.DrainLines());

        alice.Send($"PRIVMSG {plain.Nick()} :got it");
        Assert.Equal(["*alice* got it"], plain.DrainLines());
    }

    [Fact]
    public void Msg_to_nobody_is_an_error_and_usage_is_explained()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/msg nobody hello");
        Assert.Equal(["error: nobody: No such nick/channel"], plain.DrainLines());
        plain.Type(harness, "/msg alice");
        Assert.Equal(["error: usage: /msg NICK text"], plain.DrainLines());
    }

    [Fact]
    public void Msg_to_a_name_longer_than_a_line_is_one_error_not_a_failure()
    {
        // Found by the live fuzzer: the text's budget went below zero and splitting it threw on the hub's thread.
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        var name = new string('n', 600);
        plain.Type(harness, $"/msg {name} {string.Join(' ', Enumerable.Repeat("word", 100))}");
        var line = Assert.Single(plain.DrainLines());
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Me_is_an_action_for_irc_and_plain_readers()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        var other = harness.ConnectPlain();
        alice.Drain();
        plain.DrainLines();

        plain.Type(harness, "/me waves");

        Assert.Equal(["#lobby", "\u0001ACTION waves\u0001"], Assert.Single(alice.Drain()).Parameters);
        Assert.Equal([$"* {plain.Nick()} waves"], other.DrainLines());

        alice.Send("PRIVMSG #lobby :\u0001ACTION waves back\u0001");
        Assert.Equal(["* alice waves back"], plain.DrainLines());
    }

    [Fact]
    public void Who_lists_the_current_room_and_rooms_lists_every_visible_room()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby,#zoo");
        var plain = harness.ConnectPlain();

        plain.Type(harness, "/who");
        Assert.Equal([$"Users in #lobby: @alice, {plain.Nick()}"], plain.DrainLines());
        plain.Type(harness, "/who #zoo");
        Assert.Equal(["Users in #zoo: @alice"], plain.DrainLines());
        plain.Type(harness, "/who #nowhere");
        Assert.Equal(["error: #nowhere: no such room"], plain.DrainLines());

        plain.Type(harness, "/rooms");
        Assert.Equal(["#lobby (2 users) (current)", "#zoo (1 user)"], plain.DrainLines());
    }

    [Fact]
    public void Help_prints_the_commands()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/help");
        var lines = plain.DrainLines();
        Assert.Equal(PlainTextDoor.Help, lines);
        foreach (var command in new[] { "/nick", "/join", "/msg", "/who", "/rooms", "/help", "/quit", "exit", "/me" })
        {
            Assert.Contains(lines, l => l.Contains(command));
        }
    }

    [Theory]
    [InlineData("/quit see you", "Quit: see you")]
    [InlineData("/quit", "Quit")]
    [InlineData("exit", "Quit")]
    [InlineData("EXIT ", "Quit")]
    public void Quit_and_exit_say_goodbye_close_and_peers_see_the_reason(string typed, string reason)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        var nick = plain.Nick();

        plain.Type(harness, typed);

        Assert.Equal(["Goodbye."], plain.DrainLines());
        Assert.True(plain.Connection.IsClosed);
        Assert.Null(harness.Hub.Nicks.Find(nick));
        var quit = Assert.Single(alice.Drain());
        Assert.Equal("QUIT", quit.Command);
        Assert.Equal(reason, quit.Param(0));
    }

    [Fact]
    public void Lines_after_quit_do_nothing()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "exit");
        plain.DrainLines();
        plain.Type(harness, "still here?");
        plain.Type(harness, "/help");
        Assert.Empty(plain.DrainLines());
    }

    [Fact]
    public void Unknown_command_is_an_error_line()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        plain.Type(harness, "/frobnicate now");
        Assert.Equal(["error: unknown command /frobnicate; type /help for the commands"], plain.DrainLines());
    }

    [Fact]
    public void Double_slash_sends_a_line_that_starts_with_a_slash()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        plain.Type(harness, "//shrug");
        Assert.Equal("/shrug", Assert.Single(alice.Drain()).Param(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Blank_lines_send_nothing(string line)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        plain.Type(harness, line);
        Assert.Empty(alice.Drain());
        Assert.Empty(plain.DrainLines());
    }

    [Fact]
    public void Too_long_line_is_an_error_line()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        PlainTextDoor.Receive(harness.Hub, plain.Session, null);
        Assert.StartsWith("error: line too long", Assert.Single(plain.DrainLines()));
    }

    [Fact]
    public void Long_line_reaches_irc_readers_whole_in_several_messages_that_each_fit()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        var words = Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? "ünïcödé🎉" : "word" + i).ToList();
        var text = string.Join(' ', words);

        plain.Type(harness, text);

        var lines = alice.DrainLines();
        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) + 2 <= IrcLimits.MaxBodyBytes, l));
        var received = lines.Select(l => IrcParser.Parse(l)!.Param(1)!).ToList();
        Assert.Equal(text, string.Join(' ', received));
    }

    [Fact]
    public void Kicked_user_is_told_and_cannot_talk_into_the_old_room()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        var room = harness.Hub.Rooms.Find("#lobby")!;
        // KICK itself belongs to the room commands; its effect on the door is what matters here.
        harness.Hub.Send(plain.Session, new IrcMessage(null, "op!o@h", "KICK", ["#lobby", plain.Nick(), "behave"]));
        room.Members.Remove(plain.Session);
        plain.Session.Rooms.Remove(room);
        Assert.Equal(["* You were kicked from #lobby by op (behave)"], plain.DrainLines());

        plain.Type(harness, "but why");
        Assert.Equal(["error: you are no longer in #lobby; /join #room to enter one"], plain.DrainLines());
    }

    [Fact]
    public void Plain_users_are_never_pinged_or_timed_out()
    {
        var harness = new HubHarness(o =>
        {
            o.Limits.PingIntervalSeconds = 10;
            o.Limits.PingTimeoutSeconds = 5;
        });
        var plain = harness.ConnectPlain();
        for (var i = 0; i < 5; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(20));
            harness.Hub.Tick();
        }
        Assert.Empty(plain.DrainLines());
        Assert.False(plain.Connection.IsClosed);
    }

    [Fact]
    public void Server_notice_reads_as_server_text()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        harness.Hub.SendServerNotice(plain.Session, "maintenance at noon");
        Assert.Equal(["Server: maintenance at noon"], plain.DrainLines());
    }
}
