using System.Net;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;

namespace Parley.Server.Doors.Udp;

/// <summary>A session of Parley's datagram protocol as the hub sees it. The hub's bytes are IRC lines; each one becomes
/// one reliable message, without its CR LF. The <see cref="ReliableConnection"/> belongs to the door's loop.</summary>
internal sealed class UdpSessionTransport(UdpDoor door, IPEndPoint peer, int queueLimit, ReliableConnection connection)
    : UdpTransport(door, peer, queueLimit), IHasDeadline
{
    private volatile bool _peerGone;

    /// <summary>The session's state machine; touched only on the door's loop.</summary>
    public ReliableConnection Connection { get; } = connection;

    /// <summary>The peer's address serialized once, for sending.</summary>
    public System.Net.SocketAddress PeerAddress { get; } = peer.Serialize();

    /// <inheritdoc/>
    public long? ScheduledAt { get; set; }

    /// <summary>Door's loop: whether <see cref="ReliableConnection.Close"/> was called for the hub's close request.</summary>
    public bool CloseApplied { get; set; }

    /// <summary>Door's loop: the connection's drop counters when they were last added to the door's.</summary>
    public (long Invalid, long Duplicate, long Refused) CountedDrops { get; set; }

    /// <summary>Set by the door's loop once the session has ended on the wire (closed by the peer, timed out).</summary>
    public void MarkPeerGone() => _peerGone = true;

    /// <inheritdoc/>
    public override bool HasPeerHungUp() => _peerGone;

    /// <inheritdoc/>
    protected override int Enqueue(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> queue)
    {
        // Usually one line, but a call may hold several: each is its own message, without CR LF (the spec's framing).
        var span = bytes.Span;
        var queued = 0;
        var start = 0;
        while (start < span.Length)
        {
            var newline = span[start..].IndexOf((byte)'\n');
            var next = newline < 0 ? span.Length : start + newline + 1;
            var end = newline < 0 ? span.Length : start + newline;
            if (end > start && span[end - 1] == (byte)'\r')
            {
                end--;
            }
            if (end > start && end - start <= UdpLimits.MaxMessageSize)
            {
                queue.Enqueue(bytes[start..end]);
                queued += end - start;
            }
            start = next;
        }
        return queued;
    }
}
