using System.Buffers;
using Parley.Protocol.Irc;
using Parley.Protocol.Tests.Support;

namespace Parley.Protocol.Tests.Irc;

public sealed class LineFramerTests
{
    /// <summary>Frames everything in <paramref name="buffer"/>: lines as text, too-long reports as null; returns the
    /// unconsumed rest.</summary>
    private static List<string?> FrameAll(LineFramer framer, ref ReadOnlySequence<byte> buffer)
    {
        var results = new List<string?>();
        while (true)
        {
            var before = buffer.Length;
            var result = framer.TryReadLine(ref buffer, out var line);
            switch (result)
            {
                case FrameResult.Incomplete:
                    Assert.True(buffer.Length <= before);
                    return results;
                case FrameResult.Line:
                    Assert.False(line.IsEmpty);
                    results.Add(Segments.Text(line));
                    break;
                default:
                    results.Add(null);
                    break;
            }
        }
    }

    private static List<string?> FrameAll(LineFramer framer, string text)
    {
        var buffer = Segments.Of(text);
        var lines = FrameAll(framer, ref buffer);
        return lines;
    }

    [Theory]
    [InlineData("a\nb\n")]
    [InlineData("a\r\nb\r\n")]
    [InlineData("a\rb\r")]
    [InlineData("a\r\nb\n")]
    [InlineData("a\nb\r")]
    public void Lf_crlf_and_lone_cr_all_end_a_line(string text)
    {
        Assert.Equal(["a", "b"], FrameAll(new LineFramer(100), text));
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        Assert.Equal(["a", "b"], FrameAll(new LineFramer(100), "\r\n\n\ra\n\n\r\n\rb\n"));
    }

    [Fact]
    public void Unterminated_rest_stays_in_the_buffer()
    {
        var framer = new LineFramer(100);
        var buffer = Segments.Of("one\ntw");
        Assert.Equal(["one"], FrameAll(framer, ref buffer));
        Assert.Equal("tw", Segments.Text(buffer));
    }

    [Fact]
    public void Cr_and_lf_arriving_in_separate_reads_make_one_line_ending()
    {
        var framer = new LineFramer(100);
        var first = Segments.Of("a\r");
        Assert.Equal(["a"], FrameAll(framer, ref first));
        Assert.True(first.IsEmpty);
        var second = Segments.Of("\nb\r\n");
        Assert.Equal(["b"], FrameAll(framer, ref second));
    }

    [Fact]
    public void Line_split_across_segments_is_read_whole()
    {
        var framer = new LineFramer(100);
        var buffer = Segments.Of("PRIV", "MSG #a", " :hel", "lo\r", "\nNI", "CK b", "ob\n");
        Assert.Equal(["PRIVMSG #a :hello", "NICK bob"], FrameAll(framer, ref buffer));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Line_ending_in_the_first_byte_of_a_later_segment_is_found()
    {
        var framer = new LineFramer(100);
        var buffer = Segments.Of("abc", "", "def", "\nghi", "\n");
        Assert.Equal(["abcdef", "ghi"], FrameAll(framer, ref buffer));
    }

    [Fact]
    public void Byte_by_byte_segments_frame_like_one_span()
    {
        const string text = "first\r\nsecond\nthird\rfourth\r\n";
        var framer = new LineFramer(100);
        var buffer = Segments.ByteByByte(text);
        Assert.Equal(["first", "second", "third", "fourth"], FrameAll(framer, ref buffer));
    }

    [Fact]
    public void Line_at_the_limit_is_accepted()
    {
        var line = new string('x', 10);
        Assert.Equal([line], FrameAll(new LineFramer(10), line + "\n"));
    }

    [Fact]
    public void Complete_too_long_line_is_reported_once_and_the_next_line_is_read()
    {
        Assert.Equal([null, "ok"], FrameAll(new LineFramer(10), new string('x', 11) + "\r\nok\r\n"));
    }

    [Fact]
    public void Unterminated_too_long_line_is_reported_once_across_reads_and_the_next_line_is_read()
    {
        var framer = new LineFramer(10);
        var results = new List<string?>();
        foreach (var piece in new[] { new string('x', 8), new string('x', 8), new string('x', 20), "xx", "x\r\nnext\n" })
        {
            // Like a pipe: what was not consumed comes back in front of the new bytes.
            var buffer = Segments.Of(piece);
            results.AddRange(FrameAll(framer, ref buffer));
            if (!buffer.IsEmpty)
            {
                // Nothing was consumed: carry it into the next read.
                var carried = Segments.Text(buffer);
                var next = Segments.Of(carried);
                Assert.Equal(piece, carried);
                results.AddRange(FrameAll(framer, ref next));
            }
        }
        Assert.Equal([null, "next"], results);
    }

    [Fact]
    public void Too_long_line_read_in_pieces_with_the_pipe_carry_over()
    {
        var framer = new LineFramer(10);
        var pending = string.Empty;
        var results = new List<string?>();
        foreach (var piece in new[] { "aaaaaa", "aaaaaa", "aaaaaa", "aaa\n", "fine\n" })
        {
            var buffer = Segments.Of(pending, piece); // unconsumed bytes, then the new read, as two segments
            results.AddRange(FrameAll(framer, ref buffer));
            pending = Segments.Text(buffer);
        }
        Assert.Equal([null, "fine"], results);
        Assert.Equal(string.Empty, pending);
    }

    [Fact]
    public void Framer_keeps_working_after_several_too_long_lines()
    {
        var framer = new LineFramer(4);
        Assert.Equal([null, "a", null, "b"], FrameAll(framer, "12345\na\n123456789\rb\n"));
    }
}
