using System.Buffers;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Protocol.Tests.Support;

namespace Parley.Protocol.Tests.Irc;

/// <summary>The message grammar of modern.ircdocs.horse and IRCv3 message-tags, one rule per test.</summary>
public sealed class IrcParserTests
{
    private static IrcMessage ParseOk(string line)
    {
        var error = IrcParser.TryParse(Encoding.UTF8.GetBytes(line), out var message);
        Assert.Equal(IrcParseError.None, error);
        Assert.NotNull(message);
        return message;
    }

    [Fact]
    public void Command_alone_has_no_parameters_tags_or_source()
    {
        var m = ParseOk("LIST");
        Assert.Equal("LIST", m.Command);
        Assert.Empty(m.Parameters);
        Assert.Empty(m.Tags);
        Assert.Null(m.Source);
    }

    [Fact]
    public void Command_keeps_the_case_it_was_sent_in()
    {
        Assert.Equal("privmsg", ParseOk("privmsg #a :x").Command);
    }

    [Fact]
    public void Numeric_command_is_read_like_a_word()
    {
        var m = ParseOk(":irc.example 001 alice :Welcome to the network");
        Assert.Equal("001", m.Command);
        Assert.Equal(["alice", "Welcome to the network"], m.Parameters);
    }

    [Fact]
    public void Source_is_taken_without_its_colon()
    {
        var m = ParseOk(":alice!~a@host PRIVMSG #room :hi");
        Assert.Equal("alice!~a@host", m.Source);
        Assert.Equal("PRIVMSG", m.Command);
    }

    [Fact]
    public void Lone_colon_before_the_command_is_no_source()
    {
        var m = ParseOk(": PING x");
        Assert.Null(m.Source);
        Assert.Equal("PING", m.Command);
    }

    [Fact]
    public void Middle_parameters_split_on_spaces_and_trailing_keeps_spaces_and_colons()
    {
        var m = ParseOk("PRIVMSG #room :hello there: how :are you");
        Assert.Equal(["#room", "hello there: how :are you"], m.Parameters);
    }

    [Fact]
    public void Trailing_parameter_may_be_empty()
    {
        Assert.Equal(["#a", ""], ParseOk("TOPIC #a :").Parameters);
    }

    [Fact]
    public void Trailing_parameter_may_start_with_a_colon()
    {
        Assert.Equal(["#a", ":)"], ParseOk("PRIVMSG #a ::)").Parameters);
    }

    [Fact]
    public void Last_parameter_without_colon_is_the_same_as_with_one()
    {
        Assert.Equal(ParseOk("JOIN :#a").Parameters, ParseOk("JOIN #a").Parameters);
    }

    [Fact]
    public void Colon_inside_a_middle_parameter_does_not_start_the_trailing()
    {
        Assert.Equal(["a:b", "c"], ParseOk("CMD a:b c").Parameters);
    }

    [Fact]
    public void Several_spaces_between_parts_count_as_one()
    {
        var m = ParseOk(":src   PRIVMSG    #a     b   :text  with  gaps");
        Assert.Equal("src", m.Source);
        Assert.Equal("PRIVMSG", m.Command);
        Assert.Equal(["#a", "b", "text  with  gaps"], m.Parameters);
    }

    [Fact]
    public void Spaces_at_the_end_of_a_line_add_no_empty_parameter()
    {
        Assert.Equal(["#a", "b"], ParseOk("MODE #a b   ").Parameters);
        Assert.Empty(ParseOk("LIST   ").Parameters);
    }

    [Fact]
    public void Leading_spaces_before_the_command_are_skipped()
    {
        Assert.Equal("PING", ParseOk("   PING x").Command);
    }

    [Fact]
    public void Fifteenth_parameter_takes_the_rest_of_the_line_even_without_a_colon()
    {
        var middles = string.Join(' ', Enumerable.Range(1, 14));
        var m = ParseOk($"CMD {middles} fifteen sixteen   seventeen");
        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("14", m.Parameters[13]);
        Assert.Equal("fifteen sixteen   seventeen", m.Parameters[14]);
    }

    [Fact]
    public void Fifteenth_parameter_drops_its_leading_colon()
    {
        var middles = string.Join(' ', Enumerable.Range(1, 14));
        var m = ParseOk($"CMD {middles} :a b");
        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("a b", m.Parameters[14]);
    }

    [Fact]
    public void Fourteen_middles_and_a_trailing_are_not_merged()
    {
        var middles = string.Join(' ', Enumerable.Range(1, 13));
        var m = ParseOk($"CMD {middles} x :y z");
        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("x", m.Parameters[13]);
        Assert.Equal("y z", m.Parameters[14]);
    }

    [Fact]
    public void Tags_are_read_in_order_with_and_without_values()
    {
        var m = ParseOk("@id=123;+example.com/draft=v;flag :src CMD p");
        Assert.Equal(
            [new MessageTag("id", "123"), new MessageTag("+example.com/draft", "v"), new MessageTag("flag", "")],
            m.Tags);
        Assert.Equal("src", m.Source);
        Assert.Equal(["p"], m.Parameters);
    }

    [Fact]
    public void Tag_with_an_equals_sign_and_no_value_is_empty()
    {
        var m = ParseOk("@a=;b CMD");
        Assert.Equal("", m.Tag("a"));
        Assert.Equal("", m.Tag("b"));
        Assert.Null(m.Tag("c"));
    }

    [Fact]
    public void Tag_values_are_unescaped()
    {
        var m = ParseOk(@"@k=semi\:space\sback\\cr\rlf\n CMD");
        Assert.Equal("semi;space back\\cr\rlf\n", m.Tag("k"));
    }

    [Fact]
    public void Unknown_escape_in_a_tag_value_stands_for_the_character_itself()
    {
        Assert.Equal("abc", ParseOk(@"@k=a\b\c CMD").Tag("k"));
    }

    [Fact]
    public void Lone_backslash_at_the_end_of_a_tag_value_is_dropped()
    {
        var m = ParseOk(@"@k=abc\;j=x CMD");
        Assert.Equal("abc", m.Tag("k"));
        Assert.Equal("x", m.Tag("j"));
        Assert.Equal("v", ParseOk(@"@k=v\ CMD").Tag("k"));
    }

    [Fact]
    public void Repeated_tag_key_keeps_the_last_value()
    {
        var m = ParseOk("@a=1;b=2;a=3 CMD");
        Assert.Equal("3", m.Tag("a"));
        Assert.Equal(2, m.Tags.Count);
    }

    [Fact]
    public void Many_tags_with_repeats_keep_each_last_value_in_the_order_of_those_values()
    {
        var items = Enumerable.Range(0, 500).Select(i => $"+k{i % 100}={i}");
        var m = ParseOk("@" + string.Join(';', items) + " TAGMSG #room");
        Assert.Equal(Enumerable.Range(400, 100).Select(i => new MessageTag($"+k{i % 100}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))), m.Tags);
    }

    [Fact]
    public void Empty_tag_items_and_nameless_tags_are_ignored()
    {
        var m = ParseOk("@;a=1;;=orphan; CMD");
        Assert.Equal([new MessageTag("a", "1")], m.Tags);
    }

    [Fact]
    public void Tags_may_be_followed_by_several_spaces()
    {
        var m = ParseOk("@a=1    PING x");
        Assert.Equal("PING", m.Command);
        Assert.Equal("1", m.Tag("a"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("      ")]
    [InlineData("@a=b")]
    [InlineData("@a=b ")]
    [InlineData(":source")]
    [InlineData(":source    ")]
    [InlineData("@a=b :source ")]
    public void Line_without_a_command_is_NoCommand(string line)
    {
        Assert.Equal(IrcParseError.NoCommand, IrcParser.TryParse(Encoding.UTF8.GetBytes(line), out var message));
        Assert.Null(message);
        Assert.Null(IrcParser.Parse(line));
    }

    [Fact]
    public void Nul_byte_is_reported_and_the_command_is_still_readable()
    {
        var error = IrcParser.TryParse("PRIVMSG #a :hi\0there"u8, out var message);
        Assert.Equal(IrcParseError.ContainsNul, error);
        Assert.Equal("PRIVMSG", message!.Command);
    }

    [Fact]
    public void Invalid_utf8_is_reported_and_the_command_and_target_are_still_readable()
    {
        byte[] line = [.. "PRIVMSG #room :caf"u8, 0xE9, .. " ok"u8];
        var error = IrcParser.TryParse(line, out var message);
        Assert.Equal(IrcParseError.InvalidUtf8, error);
        Assert.Equal("PRIVMSG", message!.Command);
        Assert.Equal("#room", message.Param(0));
        Assert.Equal("café ok", message.Param(1)); // decoded as Latin-1 so nothing is lost
    }

    [Fact]
    public void Truncated_multibyte_sequence_is_invalid_utf8()
    {
        byte[] line = [.. "NICK a"u8, 0xE2, 0x82];
        Assert.Equal(IrcParseError.InvalidUtf8, IrcParser.TryParse(line, out var message));
        Assert.Equal("NICK", message!.Command);
    }

    [Fact]
    public void Valid_multibyte_text_is_decoded_as_utf8()
    {
        Assert.Equal("naïve ☃ 🎉", ParseOk("PRIVMSG #a :naïve ☃ 🎉").Param(1));
    }

    [Fact]
    public void Body_of_510_bytes_parses_and_511_is_TooLong_with_the_command_readable()
    {
        var prefix = "PRIVMSG #a :";
        var fits = prefix + new string('x', 510 - prefix.Length);
        Assert.Equal(510, Encoding.UTF8.GetByteCount(fits));
        Assert.Equal(IrcParseError.None, IrcParser.TryParse(Encoding.UTF8.GetBytes(fits), out _));

        var error = IrcParser.TryParse(Encoding.UTF8.GetBytes(fits + "y"), out var message);
        Assert.Equal(IrcParseError.TooLong, error);
        Assert.Equal("PRIVMSG", message!.Command);
    }

    [Fact]
    public void Body_limit_counts_bytes_not_characters()
    {
        var prefix = "PRIVMSG #a :";
        var line = prefix + new string('é', 250); // 12 + 500 bytes, but only 262 characters
        Assert.Equal(IrcParseError.TooLong, IrcParser.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void Tags_do_not_count_toward_the_body_limit()
    {
        var tags = "@k=" + new string('v', 4000) + " ";
        var body = "PRIVMSG #a :" + new string('x', 498);
        var error = IrcParser.TryParse(Encoding.UTF8.GetBytes(tags + body), out var message);
        Assert.Equal(IrcParseError.None, error);
        Assert.Equal(4000, message!.Tag("k")!.Length);
    }

    [Fact]
    public void Tag_section_over_8191_bytes_is_TooLong()
    {
        var fits = "@k=" + new string('v', 8191 - 4) + " PING x"; // '@', "k=", value, ' ' = 8191
        Assert.Equal(IrcParseError.None, IrcParser.TryParse(Encoding.UTF8.GetBytes(fits), out _));
        var over = "@k=" + new string('v', 8191 - 3) + " PING x";
        Assert.Equal(IrcParseError.TooLong, IrcParser.TryParse(Encoding.UTF8.GetBytes(over), out var message));
        Assert.Equal("PING", message!.Command);
    }

    [Fact]
    public void Client_tag_limit_is_4096_bytes_with_the_at_sign_and_the_space()
    {
        var fits = "@foo=bar;+baz=" + new string('a', 4081) + " TAGMSG #test";
        Assert.Equal(4096, fits.IndexOf("TAGMSG", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(fits);
        Assert.Equal(IrcParseError.None, IrcParser.TryParse(bytes, out _, IrcLimits.MaxClientTagBytes));

        var over = Encoding.UTF8.GetBytes("@foo=bar;+baz=" + new string('a', 4082) + " TAGMSG #test");
        Assert.Equal(IrcParseError.TooLong, IrcParser.TryParse(over, out var message, IrcLimits.MaxClientTagBytes));
        Assert.Equal("TAGMSG", message!.Command);
        Assert.Equal(IrcParseError.TooLong, IrcParser.TryParse(new ReadOnlySequence<byte>(over), out _, IrcLimits.MaxClientTagBytes));
        Assert.Equal(IrcParseError.None, IrcParser.TryParse(over, out _)); // from a server, 8191 is the limit
    }

    [Fact]
    public void Multi_segment_sequence_parses_like_one_span()
    {
        var line = "@a=1;b=x\\sy :nick!u@h PRIVMSG #room :hello world";
        var error = IrcParser.TryParse(Segments.ByteByByte(line), out var fromSegments);
        Assert.Equal(IrcParseError.None, error);
        var fromSpan = ParseOk(line);
        Assert.Equal(fromSpan.Tags, fromSegments!.Tags);
        Assert.Equal(fromSpan.Source, fromSegments.Source);
        Assert.Equal(fromSpan.Command, fromSegments.Command);
        Assert.Equal(fromSpan.Parameters, fromSegments.Parameters);
    }

    [Fact]
    public void Multi_segment_sequence_reports_errors_too()
    {
        var error = IrcParser.TryParse(Segments.Of([.. "NICK a"u8], [0xFF], [.. "b"u8]), out var message);
        Assert.Equal(IrcParseError.InvalidUtf8, error);
        Assert.Equal("NICK", message!.Command);
    }
}
