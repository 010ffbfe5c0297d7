using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Doors.Plain;

/// <summary>What a plain-text user reads for each kind of hub message (sent straight through the hub, so this holds
/// whichever command handler produced the message).</summary>
public sealed class PlainRenderingTests
{
    private static List<string> Read(IrcMessage message, Action<HubHarness, TestClient>? setup = null)
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        setup?.Invoke(harness, plain);
        plain.DrainLines();
        harness.Hub.Send(plain.Session, message);
        return plain.DrainLines();
    }

    private static IrcMessage From(string nick, string command, params string[] parameters) =>
        new(null, $"{nick}!~{nick}@127.0.0.1", command, parameters);

    public static TheoryData<IrcMessage, string> Events => new()
    {
        { From("bob", "JOIN", "#lobby"), "* bob joined #lobby" },
        { From("bob", "JOIN", "#lobby", "*", "Bob B"), "* bob joined #lobby" },
        { From("bob", "PART", "#lobby"), "* bob left #lobby" },
        { From("bob", "PART", "#lobby", "off to lunch"), "* bob left #lobby (off to lunch)" },
        { From("bob", "QUIT", "Quit: bye"), "* bob quit (bye)" },
        { From("bob", "QUIT", "Quit"), "* bob quit" },
        { From("bob", "QUIT", "Ping timeout: 120 seconds"), "* bob quit (Ping timeout: 120 seconds)" },
        { From("bob", "QUIT", ""), "* bob quit" },
        { From("bob", "NICK", "robert"), "* bob is now known as robert" },
        { From("op", "KICK", "#lobby", "bob", "spam"), "* bob was kicked from #lobby by op (spam)" },
        { From("op", "TOPIC", "#lobby", "Welcome all"), "* op set the topic of #lobby: Welcome all" },
        { From("op", "TOPIC", "#lobby", ""), "* op cleared the topic of #lobby" },
        { From("op", "MODE", "#lobby", "+o", "bob"), "* op sets mode +o bob on #lobby" },
        { From("op", "MODE", "#lobby", "+nt"), "* op sets mode +nt on #lobby" },
        { From("op", "INVITE", "me", "#secret"), "* op invites you to #secret (type /join #secret)" },
        { From("bob", "PRIVMSG", "#lobby", "hello"), "<bob> hello" },
        { From("bob", "PRIVMSG", "#elsewhere", "hello"), "[#elsewhere] <bob> hello" },
        { From("bob", "PRIVMSG", "@#lobby", "ops only"), "<bob> ops only" },
        { From("bob", "NOTICE", "#lobby", "heads up"), "-bob- heads up" },
        { From("bob", "NOTICE", "#elsewhere", "heads up"), "[#elsewhere] -bob- heads up" },
        { From("bob", "NOTICE", "me", "private notice"), "-bob- private notice" },
        { From("bob", "PRIVMSG", "#lobby", "\u0001ACTION dances\u0001"), "* bob dances" },
        { From("bob", "PRIVMSG", "#elsewhere", "\u0001ACTION dances\u0001"), "[#elsewhere] * bob dances" },
        { From("bob", "PRIVMSG", "me", "\u0001ACTION whispers\u0001"), "* bob whispers (privately)" },
        { new IrcMessage(null, "test.server", "NOTICE", ["me", "restart soon"]), "Server: restart soon" },
        { new IrcMessage(null, "test.server", "NOTICE", ["#lobby", "lobby notice"]), "Server: lobby notice" },
        { new IrcMessage(null, "test.server", "NOTICE", ["#elsewhere", "other"]), "[#elsewhere] Server: other" },
        { new IrcMessage("ERROR", "Closing Link: 127.0.0.1 (Kicked: flood)"), "Server: Closing Link: 127.0.0.1 (Kicked: flood)" },
        { new IrcMessage(null, "test.server", "FAIL", ["PRIVMSG", "INTERNAL_ERROR", "The server could not process this command"]), "error: The server could not process this command" },
        { new IrcMessage(null, "test.server", Numerics.ERR_NOSUCHNICK, ["me", "nobody", "No such nick/channel"]), "error: nobody: No such nick/channel" },
        { new IrcMessage(null, "test.server", Numerics.ERR_NOTEXTTOSEND, ["me", "No text to send"]), "error: No text to send" },
        { new IrcMessage(null, "test.server", Numerics.ERR_CANNOTSENDTOCHAN, ["me", "#lobby", "Cannot send to channel (+m)"]), "error: #lobby: Cannot send to channel (+m)" },
        { new IrcMessage(null, "test.server", Numerics.RPL_TOPIC, ["me", "#lobby", "Be nice"]), "Topic of #lobby: Be nice" },
        { new IrcMessage(null, "test.server", Numerics.RPL_NAMREPLY, ["me", "=", "#lobby", "@op +bob carol"]), "Users in #lobby: @op, +bob, carol" },
        { new IrcMessage(null, "test.server", Numerics.RPL_AWAY, ["me", "bob", "at lunch"]), "bob is away: at lunch" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_reads_as_a_human_line(IrcMessage message, string expected)
    {
        Assert.Equal([expected], Read(message));
    }

    public static TheoryData<IrcMessage> Silent => new()
    {
        new IrcMessage(null, "test.server", Numerics.RPL_WELCOME, ["me", "Welcome"]),
        new IrcMessage(null, "test.server", Numerics.RPL_ISUPPORT, ["me", "CHANTYPES=#", "are supported"]),
        new IrcMessage(null, "test.server", Numerics.RPL_ENDOFNAMES, ["me", "#lobby", "End of /NAMES list"]),
        new IrcMessage(null, "test.server", Numerics.RPL_TOPICWHOTIME, ["me", "#lobby", "op", "0"]),
        new IrcMessage("PING", "test.server"),
        new IrcMessage(null, "test.server", "CAP", ["*", "ACK", "echo-message"]),
        From("bob", "TAGMSG", "#lobby"),
        From("bob", "MODE", "bob", "+i"),
        From("bob", "PRIVMSG", "#lobby", "\u0001VERSION\u0001"),
        From("bob", "NOTICE", "me", "\u0001VERSION Parley 1.0\u0001"),
    };

    [Theory]
    [MemberData(nameof(Silent))]
    public void Protocol_detail_is_not_shown(IrcMessage message)
    {
        Assert.Empty(Read(message));
    }

    [Fact]
    public void Own_join_part_nick_and_kick_read_in_the_second_person()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        var me = plain.Nick();
        harness.Hub.Send(plain.Session, From(me, "JOIN", "#x"));
        harness.Hub.Send(plain.Session, From(me, "PART", "#x", "bye"));
        harness.Hub.Send(plain.Session, From("op", "KICK", "#lobby", me.ToUpperInvariant(), "out"));
        Assert.Equal(["* You joined #x", "* You left #x (bye)", "* You were kicked from #lobby by op (out)"], plain.DrainLines());
    }

    [Fact]
    public void Irc_formatting_is_removed_and_control_characters_cannot_move_the_cursor()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        alice.Send("PRIVMSG #lobby :\u0002bold\u0002 \u000304,12red\u0003 x\u001b[2K\u001b[1G<admin> fake\u0007\u0008");
        var line = Assert.Single(plain.DrainLines());
        Assert.Equal("<alice> bold red x [2K [1G<admin> fake  ", line);
    }

    [Fact]
    public void Every_plain_line_is_one_line_ending_in_a_newline()
    {
        var harness = new HubHarness();
        var plain = harness.ConnectPlain();
        var hostile = new[]
        {
            From("bob", "PRIVMSG", "#lobby", "a\r\nQUIT :x"),
            From("bob\nevil", "PRIVMSG", "#lobby", "a\rb"),
            From("bob", "PRIVMSG", "#lo\nbby", "a\0b"),
            From("bob", "PART", "#lobby", "reason\u2028second\u0085third"),
            new IrcMessage(PlainRendering.LocalLine, "local\nline"),
        };
        foreach (var message in hostile)
        {
            var bytes = PlainWireFormat.Instance.Encode(message, plain.Session).ToArray();
            var text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("\n", text);
            Assert.Equal(1, text.Count(c => c is '\n' or '\r' or '\u2028' or '\u0085'));
            Assert.DoesNotContain('\0', text);
        }
    }

    [Fact]
    public void Plain_text_from_a_plain_user_reaches_an_irc_reader_as_one_message()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("JOIN #lobby");
        var plain = harness.ConnectPlain();
        alice.Drain();
        plain.Type(harness, "one\0two\rQUIT :three");
        var line = Assert.Single(alice.DrainLines());
        var message = IrcParser.Parse(line)!;
        Assert.Equal("PRIVMSG", message.Command);
        Assert.Equal("one two QUIT :three", message.Param(1));
    }
}
