using System.Buffers;
using System.Text;
using Parley.Server.Doors.Tcp;

namespace Parley.Server.Tests.Doors.Tcp;

public sealed class ProtocolSnifferTests
{
    [Theory]
    [InlineData("CAP LS 302")]
    [InlineData("CAP LS")]
    [InlineData("NICK alice")]
    [InlineData("USER alice 0 * :Alice")]
    [InlineData("PASS secret")]
    [InlineData("NICK")]
    [InlineData("  NICK alice")]
    [InlineData(":alice NICK alice")]
    [InlineData("@label=1 CAP LS 302")]
    [InlineData("@a=1 :src USER u 0 * :r")]
    [InlineData("AUTHENTICATE PLAIN")]
    [InlineData("WEBIRC pass gateway host 1.2.3.4")]
    public void Registration_commands_open_irc(string firstLine)
    {
        Assert.True(ProtocolSniffer.LooksLikeIrc(firstLine));
        Assert.True(ProtocolSniffer.LooksLikeIrc(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(firstLine))));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("nick is here")]
    [InlineData("cap ls")]
    [InlineData("Cap sizes?")]
    [InlineData("NICKNAME please")]
    [InlineData("USERS online?")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("@bob are you there?")]
    [InlineData("@bob")]
    [InlineData(":) hi")]
    [InlineData("/nick bob")]
    [InlineData("/join #lobby")]
    [InlineData("PRIVMSG #a :hi")] // a client never starts with it; a person pasting it is chatting
    public void Anything_else_is_plain_text(string firstLine)
    {
        Assert.False(ProtocolSniffer.LooksLikeIrc(firstLine));
        Assert.False(ProtocolSniffer.LooksLikeIrc(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(firstLine))));
    }

    [Fact]
    public void First_line_split_across_segments_is_read_whole()
    {
        var first = new Segment("CA"u8.ToArray());
        var last = first.Append("P LS 302"u8.ToArray());
        Assert.True(ProtocolSniffer.LooksLikeIrc(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)));
    }

    [Fact]
    public void Long_tag_section_before_the_command_is_looked_past()
    {
        var line = "@+draft/x=" + new string('v', 700) + " CAP LS 302";
        Assert.True(ProtocolSniffer.LooksLikeIrc(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line))));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_do_not_throw()
    {
        Assert.False(ProtocolSniffer.LooksLikeIrc(new ReadOnlySequence<byte>([0xFF, 0xFE, 0x00, 0x80])));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
