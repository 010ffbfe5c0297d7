namespace Parley.Protocol.Udp.Wire;

/// <summary>The fixed 22-byte header every datagram of the protocol starts with (after the magic and version).</summary>
/// <param name="Type">INITIAL, RETRY or DATA.</param>
/// <param name="ConnectionId">The 64-bit random id the client picked for the session; unguessable, it is what keeps
/// an off-path attacker from injecting into a session.</param>
/// <param name="PacketNumber">DATA packets: numbered from 0 in each direction, one more for every packet sent, never
/// reused (a retransmission gets a new number). INITIAL and RETRY: 0, ignored.</param>
public readonly record struct PacketHeader(PacketType Type, ulong ConnectionId, ulong PacketNumber);

/// <summary>A decoded datagram: its header and its frames in order (PADDING runs included).</summary>
public sealed record Packet(PacketHeader Header, IReadOnlyList<Frame> Frames)
{
    /// <summary>Whether the receiver must acknowledge the packet.</summary>
    public bool IsAckEliciting => Frames.Any(f => f.IsAckEliciting);
}
