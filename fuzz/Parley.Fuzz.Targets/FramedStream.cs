using System.Buffers;
using Parley.Protocol.Irc;

namespace Parley.Fuzz.Targets;

/// <summary>Runs a <see cref="LineFramer"/> over a byte stream the way the TCP door's pipe does: bytes arrive in chunks,
/// each chunk is a new segment, the framer sees everything not yet consumed (several segments when a line spans reads),
/// and what it leaves is kept for the next read.</summary>
public static class FramedStream
{
    /// <summary>What the framer reported: a line's bytes, or null for a line that was too long.</summary>
    public static List<byte[]?> Frame(ReadOnlySpan<byte> stream, int maxLineBytes, IEnumerable<int> chunkLengths)
    {
        var data = stream.ToArray();
        var framer = new LineFramer(maxLineBytes);
        var events = new List<byte[]?>();
        Segment? last = null;
        var start = default(SequencePosition);
        var received = 0;
        using var chunks = chunkLengths.GetEnumerator();
        while (received < data.Length)
        {
            var length = chunks.MoveNext() ? Math.Clamp(chunks.Current, 1, data.Length - received) : data.Length - received;
            var chunk = data.AsMemory(received, length);
            received += length;
            if (last is null || start.GetObject() is null)
            {
                last = new Segment(chunk, 0);
                start = new SequencePosition(last, 0);
            }
            else
            {
                last = last.Append(chunk);
            }

            var buffer = new ReadOnlySequence<byte>((Segment)start.GetObject()!, start.GetInteger(), last, last.Memory.Length);
            while (true)
            {
                var result = framer.TryReadLine(ref buffer, out var line);
                if (result == FrameResult.Incomplete)
                {
                    break;
                }
                events.Add(result == FrameResult.Line ? line.ToArray() : null);
            }
            // What is left stays for the next read; when nothing is, the next chunk starts a new chain.
            start = buffer.IsEmpty ? default : buffer.Start;
        }
        return events;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
