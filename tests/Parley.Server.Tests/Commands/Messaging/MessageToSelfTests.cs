using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Messaging;

public sealed class MessageToSelfTests
{
    [Theory]
    [InlineData("PRIVMSG alice :hi", "PRIVMSG")]
    [InlineData("NOTICE alice :hi", "NOTICE")]
    [InlineData("TAGMSG alice", "TAGMSG")]
    public void Labeled_message_to_oneself_with_echo_comes_back_twice_with_the_label_on_one_copy(string line, string command)
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice", "echo-message", "batch", "labeled-response", "message-tags");
        alice.Send("@label=12345 " + line);
        var copies = alice.Drain();
        Assert.Equal([command, command], copies.Select(m => m.Command));
        Assert.Single(copies, m => m.Tag("label") == "12345");
    }
}
