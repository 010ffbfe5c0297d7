using Parley.Protocol.Irc;
using Parley.Server.Commands;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

public sealed class HelpTests
{
    [Theory]
    [InlineData("HELP")]
    [InlineData("HELPOP")]
    public void Help_without_a_subject_lists_the_commands(string command)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send(command);
        var replies = alice.Drain();
        Assert.Equal(Numerics.RPL_HELPSTART, replies[0].Command);
        Assert.Equal(Numerics.RPL_ENDOFHELP, replies[^1].Command);
        var listed = replies.Where(m => m.Command == Numerics.RPL_HELPTXT).SelectMany(m => m.Parameters[2].Split(' '));
        Assert.Equal(CommandTable.All.Keys.Order(), listed.Order());
    }

    [Fact]
    public void Help_on_a_command_is_704_705_706_naming_the_subject()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("HELP privmsg");
        var replies = alice.Drain();
        Assert.Equal(["704", "705", "706"], replies.Select(m => m.Command));
        Assert.All(replies, m => Assert.Equal("privmsg", m.Parameters[1]));
        Assert.StartsWith("PRIVMSG <target>", replies[0].Parameters[2]);
    }

    [Fact]
    public void Help_on_an_unknown_subject_is_524()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Send("HELP NOSUCHTHING");
        var reply = Assert.Single(alice.Drain());
        Assert.Equal(Numerics.ERR_HELPNOTFOUND, reply.Command);
        Assert.Equal("NOSUCHTHING", reply.Parameters[1]);
    }

    [Fact]
    public void Every_help_topic_begins_with_the_usage_of_its_own_command()
    {
        foreach (var (name, lines) in Parley.Server.Commands.Queries.HelpTopics.ByCommand)
        {
            Assert.StartsWith(name, lines[0]);
        }
    }
}
