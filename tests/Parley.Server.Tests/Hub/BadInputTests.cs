using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

/// <summary>Bad input, each kind on its own: it gets its documented answer (or is dropped), nothing malformed reaches
/// anyone else, and afterwards the same connection still works and another client is unaffected. Input goes through the
/// same framing and parsing as bytes from a socket (<see cref="TestClient.SendWire"/>).</summary>
public sealed class BadInputTests
{
    private readonly HubHarness _h = new();
    private readonly TestClient _alice;
    private readonly TestClient _bob;

    public BadInputTests()
    {
        _alice = _h.Connect("alice", "message-tags");
        _bob = _h.Connect("bob", "message-tags");
        _alice.Send("JOIN #room");
        _bob.Send("JOIN #room");
        _alice.Drain();
        _bob.Drain();
    }

    private void Wire(string text) => _alice.SendWire(Encoding.UTF8.GetBytes(text));

    private void Wire(byte[] bytes) => _alice.SendWire(bytes);

    /// <summary>What alice got for her bad input; checks that bob got nothing malformed (and returns what he got).</summary>
    private (List<IrcMessage> Alice, List<string> Bob) Answers()
    {
        var bob = _bob.DrainLines();
        foreach (var line in bob)
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\0', line);
            Assert.True(Encoding.UTF8.GetByteCount(line) <= IrcLimits.MaxTagBytes + IrcLimits.MaxBodyBytes, line);
            Assert.NotNull(IrcParser.Parse(line));
        }
        return (_alice.Drain(), bob);
    }

    /// <summary>The same connection still works both ways, and bob is unaffected.</summary>
    private void AssertHealthy()
    {
        Answers();
        Assert.False(_alice.Connection.IsClosed);
        _alice.Send("PING still-here");
        Assert.Contains(_alice.Drain(), m => m.Command == "PONG" && m.Param(1) == "still-here");
        _alice.Send("PRIVMSG #room :alice is fine");
        Assert.Contains(_bob.Drain(), m => m.Command == "PRIVMSG" && m.Param(1) == "alice is fine");
        _bob.Send("PRIVMSG #room :bob is fine");
        Assert.Contains(_alice.Drain(), m => m.Command == "PRIVMSG" && m.Param(1) == "bob is fine");
        Assert.Contains(_alice.Session, _h.Hub.Sessions);
        Assert.Contains(_bob.Session, _h.Hub.Sessions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Random_bytes_are_answered_or_dropped_and_harm_nobody(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[16 * 1024];
        random.NextBytes(bytes);
        Wire([.. bytes, (byte)'\n']);
        var (_, bob) = Answers();
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void Random_printable_lines_are_answered_or_dropped_and_harm_nobody()
    {
        var random = new Random(42);
        var text = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            var length = random.Next(0, 80);
            for (var j = 0; j < length; j++)
            {
                text.Append((char)random.Next(' ', '~' + 1));
            }
            text.Append("\r\n");
        }
        Wire(text.ToString());
        AssertHealthy();
    }

    [Fact]
    public void A_nul_byte_in_a_message_is_refused_with_fail_invalid_text()
    {
        Wire("PRIVMSG #room :before\0after\r\n");
        var (alice, bob) = Answers();
        var fail = Assert.Single(alice);
        Assert.Equal(["FAIL", "PRIVMSG", "INVALID_TEXT"], [fail.Command, fail.Param(0)!, fail.Param(1)!]);
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void A_command_of_nul_bytes_is_refused_and_the_answer_carries_no_nul()
    {
        Wire("\0\0\0 x\r\n");
        var (alice, _) = Answers();
        Assert.Equal("FAIL", Assert.Single(alice).Command);
        AssertHealthy();
    }

    [Fact]
    public void A_lone_cr_ends_a_line_so_it_can_never_be_inside_a_parameter()
    {
        Wire("PRIVMSG #room :one\rPRIVMSG #room :two\r\n");
        var (_, bob) = Answers();
        Assert.Equal(["one", "two"], bob.Select(l => IrcParser.Parse(l)!.Param(1)));
        AssertHealthy();
    }

    [Fact]
    public void A_raw_cr_or_lf_inside_a_tag_value_splits_the_line_and_both_halves_are_refused()
    {
        Wire("@+evil=x\ry PRIVMSG #room :hidden\r\n");
        Wire("@+evil=x\ny PRIVMSG #room :hidden\r\n");
        var (alice, bob) = Answers();
        Assert.Equal([Numerics.ERR_UNKNOWNCOMMAND, Numerics.ERR_UNKNOWNCOMMAND], alice.Select(m => m.Command)); // "y" is no command
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void Escaped_cr_lf_in_a_tag_value_reaches_others_escaped_on_one_line()
    {
        Wire(@"@+example=evil\r\nQUIT\s:bye TAGMSG #room" + "\r\n");
        var (_, bob) = Answers();
        var line = Assert.Single(bob);
        Assert.Contains(@"+example=evil\r\nQUIT\s:bye", line, StringComparison.Ordinal);
        Assert.Equal("evil\r\nQUIT :bye", IrcParser.Parse(line)!.Tag("+example"));
        AssertHealthy();
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xC0, 0xAF })] // an over-long encoding of '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a UTF-16 surrogate
    [InlineData(new byte[] { 0xE2, 0x82 })] // cut off mid-character
    public void Invalid_utf8_text_is_refused_with_fail_invalid_utf8(byte[] bad)
    {
        Wire([.. "PRIVMSG #room :x"u8, .. bad, .. "\r\n"u8]);
        var (alice, bob) = Answers();
        var fail = Assert.Single(alice);
        Assert.Equal(["FAIL", "PRIVMSG", "INVALID_UTF8"], [fail.Command, fail.Param(0)!, fail.Param(1)!]);
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void Invalid_utf8_in_a_tag_value_is_refused_too()
    {
        Wire([.. "@+a=x"u8, 0xFF, .. " PRIVMSG #room :hi\r\n"u8]);
        var (alice, bob) = Answers();
        Assert.Equal("INVALID_UTF8", Assert.Single(alice).Param(1));
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Theory]
    [InlineData(510, false)] // the longest body: 512 bytes with CR LF
    [InlineData(511, true)]
    [InlineData(20_000, true)] // past the framer's limit: skipped to its line ending
    public void A_body_over_512_bytes_gets_417(int bodyBytes, bool tooLong)
    {
        const string prefix = "PRIVMSG #room :";
        Wire(prefix + new string('a', bodyBytes - prefix.Length) + "\r\n");
        var (alice, bob) = Answers();
        if (tooLong)
        {
            Assert.Equal(Numerics.ERR_INPUTTOOLONG, Assert.Single(alice).Command);
            Assert.Empty(bob);
        }
        else
        {
            Assert.Empty(alice);
            Assert.Single(bob);
        }
        AssertHealthy();
    }

    [Theory]
    [InlineData(4096, false)] // the longest tag section a client may send, '@' and space included
    [InlineData(4097, true)]
    [InlineData(8000, true)]
    public void A_tag_section_over_4096_bytes_gets_417(int tagBytes, bool tooLong)
    {
        var tags = "@+a=" + new string('v', tagBytes - "@+a= ".Length) + " ";
        Wire(tags + "TAGMSG #room\r\n");
        var (alice, bob) = Answers();
        if (tooLong)
        {
            Assert.Equal(Numerics.ERR_INPUTTOOLONG, Assert.Single(alice).Command);
            Assert.Empty(bob);
        }
        else
        {
            Assert.Empty(alice);
            Assert.Single(bob);
        }
        AssertHealthy();
    }

    [Fact]
    public void Past_fifteen_parameters_the_last_holds_the_rest_and_the_command_reads_what_it_expects()
    {
        Wire("PRIVMSG #room " + string.Join(' ', Enumerable.Range(1, 40).Select(i => $"w{i}")) + "\r\n");
        var (alice, bob) = Answers();
        Assert.Empty(alice);
        Assert.Equal("w1", IrcParser.Parse(Assert.Single(bob))!.Param(1));

        Wire("USER " + string.Join(' ', Enumerable.Range(1, 40).Select(i => $"u{i}")) + "\r\n");
        Assert.Equal(Numerics.ERR_ALREADYREGISTERED, Assert.Single(Answers().Alice).Command);
        AssertHealthy();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\r\n\n\r")]
    [InlineData("@a=b")]
    [InlineData("@a=b   ")]
    [InlineData(":source")]
    [InlineData(":source   ")]
    [InlineData("@a=b :source")]
    public void A_line_without_a_command_is_dropped_without_an_answer(string line)
    {
        Wire(line + "\r\n");
        var (alice, bob) = Answers();
        Assert.Empty(alice);
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Theory]
    [InlineData("FOO bar", "FOO")]
    [InlineData("123 x", "123")]
    [InlineData("PRIVMSG\t#room :tab", "PRIVMSG\t#room")]
    [InlineData("ÜNICODE", "ÜNICODE")]
    public void An_unknown_command_gets_421_naming_it(string line, string command)
    {
        Wire(line + "\r\n");
        var (alice, bob) = Answers();
        var reply = Assert.Single(alice);
        Assert.Equal(Numerics.ERR_UNKNOWNCOMMAND, reply.Command);
        Assert.Equal(command, reply.Param(1));
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void A_very_long_unknown_command_gets_a_421_that_still_fits_a_line()
    {
        Wire(new string('X', 500) + "\r\n");
        var (alice, _) = Answers();
        Assert.Equal(Numerics.ERR_UNKNOWNCOMMAND, Assert.Single(alice).Command);
        AssertHealthy();
    }

    [Theory]
    [InlineData(@"+a=\")] // a trailing lone backslash
    [InlineData(@"+a=\\\")]
    [InlineData(@"+a=\q\")] // an unknown escape
    [InlineData(@"+a=\:\s\r\n\\;+b=\\\\")]
    [InlineData(@"=x;;;+k;+k=;;")]
    [InlineData(@"+a=1;+a=2;+a=3")]
    [InlineData(@"+a;+a=;+a")]
    [InlineData(@"+ü=ü;+=;+a=b=c")]
    public void Pathological_tag_escaping_reaches_others_as_the_same_tags(string tags)
    {
        var sent = $"@{tags} TAGMSG #room";
        Wire(sent + "\r\n");
        var (_, bob) = Answers();
        var expected = IrcParser.Parse(sent)!.Tags.Where(t => t.IsClientOnly).ToList();
        var received = IrcParser.Parse(Assert.Single(bob))!.Tags.Where(t => t.IsClientOnly).ToList();
        Assert.Equal(expected, received);
        AssertHealthy();
    }

    [Fact]
    public void Thousands_of_tags_are_taken_in_their_bound()
    {
        var tags = string.Join(';', Enumerable.Range(0, 2000).Select(i => $"+{i % 300}"));
        Wire($"@{tags[..4000]} TAGMSG #room\r\n");
        var (alice, bob) = Answers();
        Assert.Empty(alice);
        Assert.Single(bob);
        AssertHealthy();
    }

    [Fact]
    public void More_privmsg_targets_than_targmax_get_407_and_nobody_receives_it()
    {
        _h.Connect("carol");
        Wire("PRIVMSG bob,carol,#room,dave,erin :hi\r\n");
        var (alice, bob) = Answers();
        Assert.Equal(Numerics.ERR_TOOMANYTARGETS, Assert.Single(alice).Command);
        Assert.Empty(bob);
        AssertHealthy();
    }

    [Fact]
    public void Joining_more_rooms_than_chanlimit_in_one_command_gets_405_for_each_beyond()
    {
        var names = new List<string>();
        var line = new StringBuilder("JOIN ");
        for (var i = 0; line.Length < 500; i++)
        {
            names.Add($"#{i}");
            line.Append(i == 0 ? "" : ",").Append(names[^1]);
        }
        Wire(line + "\r\n");
        var (alice, _) = Answers();
        Assert.Equal(Server.Hub.ServerSupport.MaxRooms, _alice.Session.Rooms.Count); // #room and 49 more
        var refused = alice.Where(m => m.Command == Numerics.ERR_TOOMANYCHANNELS).Select(m => m.Param(1)).ToList();
        Assert.Equal(names.Skip(Server.Hub.ServerSupport.MaxRooms - 1), refused);
        AssertHealthy();
    }

    [Fact]
    public void A_join_of_only_commas_joins_nothing()
    {
        Wire("JOIN " + new string(',', 400) + "\r\n");
        Answers();
        Assert.Single(_alice.Session.Rooms);
        AssertHealthy();
    }

    [Fact]
    public void Names_past_its_targmax_of_one_gets_407_for_the_rest()
    {
        Wire("NAMES #room,#other,#third\r\n");
        var (alice, _) = Answers();
        Assert.Equal([Numerics.RPL_NAMREPLY, Numerics.RPL_ENDOFNAMES, Numerics.ERR_TOOMANYTARGETS], alice.Select(m => m.Command));
        Assert.Equal("#other,#third", alice[^1].Param(1));
        AssertHealthy();
    }

    [Fact]
    public void Whois_past_its_targmax_of_one_gets_407_for_the_rest()
    {
        Wire("WHOIS bob,alice\r\n");
        var (alice, _) = Answers();
        Assert.Contains(alice, m => m.Command == Numerics.RPL_WHOISUSER && m.Param(1) == "bob");
        Assert.DoesNotContain(alice, m => m.Command == Numerics.RPL_WHOISUSER && m.Param(1) == "alice");
        Assert.Equal("alice", Assert.Single(alice, m => m.Command == Numerics.ERR_TOOMANYTARGETS).Param(1));
        AssertHealthy();
    }

    [Fact]
    public void Kick_past_its_targmax_kicks_four_and_gets_407_for_the_rest()
    {
        var others = Enumerable.Range(1, 6).Select(i => _h.Connect($"m{i}")).ToList();
        others.ForEach(o => o.Send("JOIN #room"));
        Answers();
        Wire("KICK #room m1,m2,m3,m4,m5,m6 :out\r\n");
        var (alice, bob) = Answers();
        Assert.Equal(4, bob.Count(l => IrcParser.Parse(l)!.Command == "KICK"));
        Assert.Equal("m5,m6", Assert.Single(alice, m => m.Command == Numerics.ERR_TOOMANYTARGETS).Param(1));
        Assert.Equal(4, others.Count(o => o.Session.Rooms.Count == 0));
        AssertHealthy();
    }

    [Fact]
    public void A_nick_at_nicklen_is_taken_and_one_past_it_gets_432()
    {
        var longest = "n" + new string('x', IrcNames.MaxNickLength - 1);
        Wire($"NICK {longest}x\r\n");
        Assert.Equal(Numerics.ERR_ERRONEUSNICKNAME, Assert.Single(Answers().Alice).Command);
        Wire($"NICK {longest}\r\n");
        Assert.Equal("NICK", Assert.Single(Answers().Alice).Command);
        Assert.Equal(longest, _alice.Session.Nick);
        Wire("NICK alice\r\n");
        AssertHealthy();
    }

    [Fact]
    public void A_channel_name_at_channellen_is_joined_and_one_past_it_gets_403()
    {
        var longest = "#" + new string('c', IrcNames.MaxChannelLength - 1);
        Wire($"JOIN {longest}x\r\n");
        Assert.Equal(Numerics.ERR_NOSUCHCHANNEL, Assert.Single(Answers().Alice).Command);
        Wire($"JOIN {longest}\r\n");
        Assert.Contains(Answers().Alice, m => m.Command == "JOIN" && m.Param(0) == longest);
        AssertHealthy();
    }

    [Fact]
    public void Hundreds_of_flag_changes_in_one_mode_are_told_as_their_net_effect()
    {
        Wire("MODE #room +" + string.Concat(Enumerable.Repeat("m-m+m", 60)) + "\r\n"); // ends with +m
        var (_, bob) = Answers();
        var mode = IrcParser.Parse(Assert.Single(bob))!;
        Assert.Equal(["#room", "+m"], mode.Parameters);

        Wire("MODE #room +" + string.Concat(Enumerable.Repeat("i-i", 150)) + "\r\n"); // back where it was
        Assert.Empty(Answers().Bob);
        Wire("MODE #room -m\r\n"); // so that bob may speak again
        AssertHealthy();
    }

    [Fact]
    public void Hundreds_of_unknown_mode_letters_get_one_472_each_and_no_more()
    {
        Wire("MODE #room +" + new string('Z', 300) + new string('Y', 100) + "\r\n");
        var (alice, bob) = Answers();
        Assert.Equal(["Z", "Y"], alice.Where(m => m.Command == Numerics.ERR_UNKNOWNMODE).Select(m => m.Param(1)));
        Assert.Empty(bob);
        Wire("MODE alice +" + new string('Z', 400) + "\r\n");
        Assert.Single(Answers().Alice, m => m.Command == Numerics.ERR_UMODEUNKNOWNFLAG);
        AssertHealthy();
    }

    [Fact]
    public void Mode_changes_with_parameters_past_modes_are_dropped()
    {
        var members = Enumerable.Range(1, 10).Select(i => _h.Connect($"v{i}")).ToList();
        members.ForEach(m => m.Send("JOIN #room"));
        Answers();
        Wire("MODE #room +" + new string('v', 13) + " " + string.Join(' ', members.Select(m => m.Session.Nick)) + "\r\n");
        var (_, bob) = Answers();
        var mode = IrcParser.Parse(Assert.Single(bob))!;
        Assert.Equal("+" + new string('v', Server.Hub.ServerSupport.MaxModesPerCommand), mode.Param(1));
        AssertHealthy();
    }

    [Fact]
    public void A_list_mode_asked_hundreds_of_times_is_listed_once()
    {
        Wire("MODE #room +" + new string('b', 300) + "\r\n");
        var (alice, _) = Answers();
        Assert.Single(alice, m => m.Command == Numerics.RPL_ENDOFBANLIST);
        AssertHealthy();
    }
}
