using System.Net;

namespace Parley.Server.Doors.Udp;

/// <summary>A plain-text (<c>nc -u</c>) session, known by its address and port alone. The hub's bytes are human lines
/// (PlainWireFormat); the door sends them as datagrams of whole lines, unreliably, as netcat users expect.</summary>
internal sealed class PlainUdpTransport(UdpDoor door, IPEndPoint peer, int queueLimit, long now)
    : UdpTransport(door, peer, queueLimit)
{
    /// <summary>Door's loop: when the last datagram came from the peer.</summary>
    public long LastHeard { get; set; } = now;

    /// <summary>Door's loop: the idle timeout was reported to the hub already.</summary>
    public bool IdleReported { get; set; }

    /// <inheritdoc/>
    public override bool HasPeerHungUp() => false; // UDP has no hang-up; silence is told by the idle timeout

    /// <inheritdoc/>
    protected override int Enqueue(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> queue)
    {
        queue.Enqueue(bytes);
        return bytes.Length;
    }
}
