namespace Parley.Protocol.Udp.Wire;

/// <summary>One frame of a packet (docs/udp-protocol.md, "Frames").</summary>
public abstract record Frame
{
    /// <summary>The frame's type byte.</summary>
    public abstract FrameType Type { get; }

    /// <summary>Whether a packet holding this frame must be acknowledged (everything but PADDING, ACK and CLOSE).</summary>
    public bool IsAckEliciting => Type is not (FrameType.Padding or FrameType.Ack or FrameType.Close);
}

/// <summary>A run of <paramref name="Length"/> zero bytes (each one a PADDING frame).</summary>
public sealed record PaddingFrame(int Length) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Padding;
}

/// <summary>The client asks for a session; <paramref name="Cookie"/> is empty on the first try, then the RETRY cookie.</summary>
public sealed record InitialFrame(ReadOnlyMemory<byte> Cookie) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Initial;
}

/// <summary>The server's stateless cookie for the client to echo.</summary>
public sealed record RetryFrame(ReadOnlyMemory<byte> Cookie) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Retry;
}

/// <summary>The server created the session.</summary>
public sealed record AcceptFrame : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Accept;
}

/// <summary>Asks the peer for an acknowledgement.</summary>
public sealed record PingFrame : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Ping;
}

/// <summary>An inclusive range of acknowledged packet numbers.</summary>
public readonly record struct AckRange(ulong Smallest, ulong Largest);

/// <summary>Acknowledges the packets in <paramref name="Ranges"/> (descending, disjoint and not touching; the first
/// range ends at the largest packet number acknowledged). <paramref name="AckDelayMicros"/> is how long the receiver
/// held the acknowledgement of that largest packet before sending it.</summary>
public sealed record AckFrame(ulong AckDelayMicros, IReadOnlyList<AckRange> Ranges) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Ack;

    /// <summary>The largest packet number acknowledged.</summary>
    public ulong LargestAcknowledged => Ranges[0].Largest;

    /// <summary>Whether <paramref name="packetNumber"/> is acknowledged by this frame.</summary>
    public bool Acknowledges(ulong packetNumber)
    {
        foreach (var range in Ranges)
        {
            if (packetNumber >= range.Smallest && packetNumber <= range.Largest)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Fragment <paramref name="Index"/> of <paramref name="Count"/> of application message
/// <paramref name="MessageId"/>; messages are numbered from 0 in each direction and delivered in that order.</summary>
public sealed record FragmentFrame(ulong MessageId, int Index, int Count, ReadOnlyMemory<byte> Payload) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Fragment;
}

/// <summary>The sender is ending the session.</summary>
public sealed record CloseFrame(CloseCode Code, string Reason) : Frame
{
    /// <inheritdoc/>
    public override FrameType Type => FrameType.Close;
}
