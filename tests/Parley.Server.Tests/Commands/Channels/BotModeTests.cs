using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

/// <summary>IRCv3 bot-mode: user mode +B and what it shows in ISUPPORT, WHOIS, WHO and the tags of messages.</summary>
public sealed class BotModeTests
{
    private static TestClient Bot(HubHarness harness, params string[] caps)
    {
        var bot = harness.Connect("robot", caps);
        bot.Send("MODE robot +B");
        var mode = Assert.Single(bot.Drain());
        Assert.Equal(["robot", "+B"], mode.Parameters);
        return bot;
    }

    [Fact]
    public void Bot_mode_letter_is_advertised_in_isupport_and_myinfo()
    {
        var harness = new HubHarness();
        var alice = harness.ConnectRaw();
        alice.Send("NICK alice");
        alice.Send("USER alice 0 * :Alice");
        var welcome = alice.Drain();
        Assert.Contains("BOT=B", welcome.Where(m => m.Command == Numerics.RPL_ISUPPORT).SelectMany(m => m.Parameters));
        Assert.Contains("B", welcome.Single(m => m.Command == Numerics.RPL_MYINFO).Parameters[3]);
    }

    [Fact]
    public void Plus_B_marks_the_session_a_bot_and_minus_B_unmarks_it()
    {
        var harness = new HubHarness();
        var bot = Bot(harness);
        Assert.True(bot.Session.IsBot);
        bot.Send("MODE robot");
        Assert.Equal("+B", Assert.Single(bot.Drain()).Parameters[1]);
        bot.Send("MODE robot -B");
        Assert.Equal(["robot", "-B"], Assert.Single(bot.Drain()).Parameters);
        Assert.False(bot.Session.IsBot);
    }

    [Fact]
    public void Whois_of_a_bot_includes_335_and_of_a_person_does_not()
    {
        var harness = new HubHarness();
        Bot(harness);
        var alice = harness.Connect("alice");
        alice.Send("WHOIS robot");
        var whoisBot = Assert.Single(alice.Drain(), m => m.Command == Numerics.RPL_WHOISBOT);
        Assert.Equal("alice", whoisBot.Parameters[0]);
        Assert.Equal("robot", whoisBot.Parameters[1]);
        alice.Send("WHOIS alice");
        Assert.DoesNotContain(alice.Drain(), m => m.Command == Numerics.RPL_WHOISBOT);
    }

    [Fact]
    public void Who_flags_of_a_bot_contain_B_before_its_room_prefix()
    {
        var harness = new HubHarness();
        var bot = Bot(harness);
        var alice = harness.Connect("alice");
        bot.Send("JOIN #room");
        alice.Send("JOIN #room");
        alice.Drain();
        alice.Send("WHO #room");
        var replies = alice.Drain().Where(m => m.Command == Numerics.RPL_WHOREPLY).ToList();
        Assert.Equal("HB@", replies.Single(m => m.Parameters[5] == "robot").Parameters[6]);
        Assert.Equal("H", replies.Single(m => m.Parameters[5] == "alice").Parameters[6]);
    }

    [Fact]
    public void Private_messages_from_a_bot_carry_the_bot_tag_for_message_tags_clients_only()
    {
        var harness = new HubHarness();
        var bot = Bot(harness);
        var tagged = harness.Connect("alice", "message-tags");
        var plain = harness.Connect("carol", "server-time");

        bot.Send("PRIVMSG alice,carol :beep boop");

        var seen = Assert.Single(tagged.Drain());
        Assert.Equal(string.Empty, seen.Tag("bot"));
        var untagged = Assert.Single(plain.Drain());
        Assert.NotNull(untagged.Tag("time"));
        Assert.Null(untagged.Tag("bot"));
    }

    [Fact]
    public void Room_messages_and_echoes_from_a_bot_carry_the_bot_tag()
    {
        var harness = new HubHarness();
        var bot = Bot(harness, "echo-message", "message-tags");
        var alice = harness.Connect("alice", "message-tags");
        bot.Send("JOIN #room");
        alice.Send("JOIN #room");
        bot.Drain();
        alice.Drain();

        bot.Send("NOTICE #room :beep");

        Assert.Equal(string.Empty, Assert.Single(alice.Drain()).Tag("bot"));
        Assert.Equal(string.Empty, Assert.Single(bot.Drain()).Tag("bot"));
    }

    [Fact]
    public void Messages_from_people_carry_no_bot_tag_even_when_they_send_one()
    {
        var harness = new HubHarness();
        var bob = harness.Connect("bob", "message-tags");
        var alice = harness.Connect("alice", "message-tags");
        bob.Send("PRIVMSG alice :hi");
        bob.Send("@bot PRIVMSG alice :hi");
        Assert.All(alice.Drain(), m => Assert.Null(m.Tag("bot")));
    }
}
