using System.Buffers;
using System.Text;

namespace Parley.Protocol.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a pipe hands over when bytes arrive in pieces.</summary>
internal static class Segments
{
    /// <summary>One sequence whose segments hold the given pieces, in order (empty pieces make empty segments).</summary>
    public static ReadOnlySequence<byte> Of(params string[] pieces) => Of(pieces.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <inheritdoc cref="Of(string[])"/>
    public static ReadOnlySequence<byte> Of(params byte[][] pieces)
    {
        if (pieces.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(pieces[0], 0);
        var last = first;
        foreach (var piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The sequence split after every byte: the hardest case for anything that scans across segments.</summary>
    public static ReadOnlySequence<byte> ByteByByte(string text) =>
        Of(Encoding.UTF8.GetBytes(text).Select(b => new[] { b }).ToArray());

    /// <summary>The text of a sequence.</summary>
    public static string Text(in ReadOnlySequence<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
