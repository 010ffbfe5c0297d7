using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

public sealed class IrcWriterTests
{
    private static string Wire(IrcMessage message) => Encoding.UTF8.GetString(IrcWriter.ToBytes(message));

    [Fact]
    public void Line_ends_in_crlf()
    {
        Assert.Equal("PING x\r\n", Wire(new IrcMessage("PING", "x")));
    }

    [Fact]
    public void Command_without_parameters_is_written_alone()
    {
        Assert.Equal("LIST\r\n", Wire(new IrcMessage("LIST")));
    }

    [Fact]
    public void Source_gets_its_colon()
    {
        Assert.Equal(":srv 001 alice hi\r\n", Wire(new IrcMessage(null, "srv", "001", ["alice", "hi"])));
    }

    [Theory]
    [InlineData("word", "PRIVMSG #a word")]
    [InlineData("two words", "PRIVMSG #a :two words")]
    [InlineData("", "PRIVMSG #a :")]
    [InlineData(":)", "PRIVMSG #a ::)")]
    [InlineData("a:b", "PRIVMSG #a a:b")]
    public void Trailing_colon_is_written_only_when_the_last_parameter_needs_it(string last, string line)
    {
        Assert.Equal(line, IrcWriter.ToLine(new IrcMessage("PRIVMSG", "#a", last)));
    }

    [Fact]
    public void Tags_are_written_first_escaped_and_without_equals_when_empty()
    {
        var m = new IrcMessage([new("a", "x y;z"), new("flag", "")], "src", "CMD", ["p"]);
        Assert.Equal(@"@a=x\sy\:z;flag :src CMD p", IrcWriter.ToLine(m));
    }

    [Fact]
    public void Tag_filter_leaves_out_refused_tags_and_the_tag_section_when_none_remain()
    {
        var m = new IrcMessage([new("time", "t"), new("+draft", "d")], null, "CMD", ["p"]);
        Assert.Equal("@time=t CMD p\r\n", Encoding.UTF8.GetString(IrcWriter.ToBytes(m, t => t.Key == "time")));
        Assert.Equal("CMD p\r\n", Encoding.UTF8.GetString(IrcWriter.ToBytes(m, _ => false)));
    }

    [Fact]
    public void Write_to_a_buffer_writer_gives_the_same_bytes_as_ToBytes()
    {
        var m = new IrcMessage([new("k", "v")], "n!u@h", "PRIVMSG", ["#a", "héllo there"]);
        var buffer = new ArrayBufferWriter<byte>();
        IrcWriter.Write(buffer, m);
        IrcWriter.Write(buffer, m);
        var once = IrcWriter.ToBytes(m);
        Assert.Equal([.. once, .. once], buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void ToString_is_the_line_without_its_ending()
    {
        Assert.Equal("NICK bob", new IrcMessage("NICK", "bob").ToString());
    }

    public static TheoryData<IrcMessage> Hostile => new()
    {
        new IrcMessage("PRIVMSG", "#a", "hi\r\nQUIT :injected"),
        new IrcMessage("PRIVMSG", "#a", "hi\rPRIVMSG #b :x"),
        new IrcMessage("PRIVMSG", "#a", "hi\nJOIN #b"),
        new IrcMessage("PRIVMSG", "#a", "hi\0there"),
        new IrcMessage("PRIVMSG", "#a\r\nKILL x", "text"),
        new IrcMessage("PRIVMSG", "#a\0b", "text"),
        new IrcMessage(null, "evil\r\nQUIT", "PRIVMSG", ["#a", "t"]),
        new IrcMessage(null, "evil\0src", "PRIVMSG", ["#a", "t"]),
        new IrcMessage("PRIV\r\nMSG", "#a", "t"),
        new IrcMessage("PRIV\0MSG", "#a", "t"),
        new IrcMessage([new MessageTag("k", "v\r\nQUIT")], null, "CMD", ["p"]),
        new IrcMessage([new MessageTag("k", "v\0w")], null, "CMD", ["p"]),
        new IrcMessage([new MessageTag("k\r\nQUIT", "v")], null, "CMD", ["p"]),
        new IrcMessage([new MessageTag("k\0j", "v")], null, "CMD", ["p"]),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Cr_lf_and_nul_in_any_field_never_reach_the_wire(IrcMessage message)
    {
        var wire = Wire(message);
        Assert.EndsWith("\r\n", wire);
        var body = wire[..^2];
        Assert.DoesNotContain('\r', body);
        Assert.DoesNotContain('\n', body);
        Assert.DoesNotContain('\0', body);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Cr_lf_and_nul_in_a_field_do_not_shift_the_other_fields(IrcMessage message)
    {
        var parsed = IrcParser.Parse(IrcWriter.ToLine(message))!;
        Assert.Equal(message.Parameters.Count, parsed.Parameters.Count);
        Assert.Equal(message.Tags.Count, parsed.Tags.Count);
        Assert.Equal(message.Source is null, parsed.Source is null);
        Assert.DoesNotContain(' ', parsed.Command);
        Assert.Equal(message.Parameters[^1].Length, parsed.Parameters[^1].Length); // replaced, not dropped
    }

    [Fact]
    public void Space_in_a_middle_parameter_or_the_source_does_not_shift_the_parameters()
    {
        var parsed = IrcParser.Parse(IrcWriter.ToLine(new IrcMessage(null, "a b", "CMD", ["x y", ":z", "", "last one"])))!;
        Assert.Equal("a_b", parsed.Source);
        Assert.Equal(4, parsed.Parameters.Count);
        Assert.Equal("last one", parsed.Parameters[3]);
    }

    [Theory]
    [InlineData("@a=b")]
    [InlineData(":a")]
    public void Command_that_would_read_as_tags_or_a_source_stays_the_command(string command)
    {
        var parsed = IrcParser.Parse(IrcWriter.ToLine(new IrcMessage(command, "x")))!;
        Assert.Empty(parsed.Tags);
        Assert.Null(parsed.Source);
        Assert.Equal("_" + command[1..], parsed.Command);
        Assert.Equal(["x"], parsed.Parameters);
    }

    [Fact]
    public void Source_longer_than_half_the_body_is_cut_so_the_command_survives()
    {
        var source = "n!u@" + new string('h', 800);
        var line = IrcWriter.ToLine(new IrcMessage(null, source, "PRIVMSG", ["#a", "text"]));
        var parsed = IrcParser.Parse(line)!;
        Assert.Equal("PRIVMSG", parsed.Command);
        Assert.StartsWith(parsed.Source!, source, StringComparison.Ordinal);
        Assert.Equal(255, parsed.Source!.Length);
    }

    [Fact]
    public void Body_is_cut_to_512_bytes_with_crlf_and_tags_are_not_counted()
    {
        var m = new IrcMessage([new("k", new string('t', 600))], "nick!user@host", "PRIVMSG", ["#room", new string('x', 1000)]);
        var bytes = IrcWriter.ToBytes(m);
        var text = Encoding.UTF8.GetString(bytes);
        var bodyStart = text.IndexOf(' ') + 1;
        Assert.Equal(IrcLimits.MaxBodyBytes, bytes.Length - bodyStart);
        Assert.EndsWith("xx\r\n", text);
        Assert.Equal(600, IrcParser.Parse(text.TrimEnd('\r', '\n'))!.Tag("k")!.Length);
    }

    [Fact]
    public void Message_that_fits_exactly_is_not_cut()
    {
        var prefix = "PRIVMSG #a :";
        var text = "a " + new string('y', 510 - prefix.Length - 2); // the space makes the colon necessary
        Assert.Equal(512, IrcWriter.ToBytes(new IrcMessage("PRIVMSG", "#a", text)).Length);
        Assert.Equal(text, IrcParser.Parse(IrcWriter.ToLine(new IrcMessage("PRIVMSG", "#a", text)))!.Param(1));
    }

    [Theory]
    [InlineData("é")] // 2 bytes
    [InlineData("☃")] // 3 bytes
    [InlineData("🎉")] // 4 bytes, a surrogate pair
    [InlineData("a🎉é☃")]
    [InlineData("\ud83c🎉\ud83ca")] // lone surrogates: each written as U+FFFD, 3 bytes
    [InlineData("\ud83cé")] // a lone high surrogate before a 2-byte character
    public void Cut_falls_on_a_utf8_boundary_at_every_offset(string unit)
    {
        for (var pad = 0; pad < 8; pad++)
        {
            var text = new string('p', pad) + string.Concat(Enumerable.Repeat(unit, 600 / unit.Length));
            var bytes = IrcWriter.ToBytes(new IrcMessage(null, "n!u@h", "PRIVMSG", ["#a", text]));
            Assert.True(bytes.Length <= IrcLimits.MaxBodyBytes, $"{bytes.Length} bytes with pad {pad}");
            Assert.True(bytes.Length >= IrcLimits.MaxBodyBytes - 3, $"cut too early: {bytes.Length} bytes with pad {pad}");
            Assert.True(Utf8.IsValid(bytes));
            Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
            Assert.Equal(1, bytes.Count(b => b == '\n'));
        }
    }
}
