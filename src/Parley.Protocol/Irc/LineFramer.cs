using System.Buffers;

namespace Parley.Protocol.Irc;

/// <summary>What <see cref="LineFramer.TryReadLine"/> found in the buffer.</summary>
public enum FrameResult
{
    /// <summary>No complete line yet: read more bytes.</summary>
    Incomplete,

    /// <summary>A complete line (without its CR/LF) was taken from the buffer.</summary>
    Line,

    /// <summary>A line exceeded the limit; its bytes up to the next line ending are discarded.</summary>
    TooLong,
}

/// <summary>
/// Splits a byte stream into lines ended by LF, CR LF or a lone CR, enforcing a maximum line length.
/// An over-long line is reported once and then skipped up to its line ending, so the connection stays usable.
/// </summary>
public sealed class LineFramer(int maxLineBytes)
{
    private bool _discarding;

    /// <summary>The longest line accepted, without its line ending.</summary>
    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>Takes the next line from <paramref name="buffer"/>; advances the buffer past what was consumed.</summary>
    public FrameResult TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = default;
        while (true)
        {
            var end = buffer.PositionOfAny((byte)'\n', (byte)'\r');
            if (end is null)
            {
                if (_discarding)
                {
                    buffer = buffer.Slice(buffer.End);
                    return FrameResult.Incomplete;
                }
                if (buffer.Length > MaxLineBytes)
                {
                    _discarding = true;
                    buffer = buffer.Slice(buffer.End);
                    return FrameResult.TooLong;
                }
                return FrameResult.Incomplete;
            }

            var candidate = buffer.Slice(0, end.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
            if (_discarding)
            {
                _discarding = false;
                continue;
            }
            if (candidate.Length > MaxLineBytes)
            {
                return FrameResult.TooLong;
            }
            if (candidate.IsEmpty)
            {
                continue; // the LF of a CR LF pair, or a blank line
            }
            line = candidate;
            return FrameResult.Line;
        }
    }
}

internal static class SequenceExtensions
{
    public static SequencePosition? PositionOfAny(this in ReadOnlySequence<byte> buffer, byte a, byte b)
    {
        if (buffer.IsSingleSegment)
        {
            var i = buffer.FirstSpan.IndexOfAny(a, b);
            return i < 0 ? null : buffer.GetPosition(i);
        }
        var position = buffer.Start;
        var start = position;
        while (buffer.TryGet(ref position, out var memory))
        {
            var i = memory.Span.IndexOfAny(a, b);
            if (i >= 0)
            {
                return buffer.GetPosition(i, start);
            }
            start = position;
        }
        return null;
    }
}
