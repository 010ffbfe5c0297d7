using System.Buffers.Binary;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Fuzz.Targets;

/// <summary>The server's side of a UDP session (<see cref="ReliableConnection"/>) under any sequence of datagrams from
/// its peer. The input is a list of steps, each a 3-byte head (milliseconds to let pass, then the datagram's length,
/// big-endian) and the datagram; a datagram of ours gets the session's connection id written in, so it reaches the
/// session instead of being dropped at the door. Between steps the server has messages of its own to send, its timers
/// run, and what it transmits is collected.</summary>
public static class UdpSessionTarget
{
    /// <summary>The connection id of the session under test.</summary>
    public const ulong ConnectionId = 0x5041_524C_4559_0001;

    /// <summary>Checks every invariant for one sequence of datagrams.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        long now = 1_000_000;
        var server = ReliableConnection.CreateServer(ConnectionId, now);
        var sent = 0;
        var delivered = 0;
        while (input.Length >= 3)
        {
            now += input[0] * 1000L;
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input[1..]), input.Length - 3);
            var datagram = input.Slice(3, length).ToArray();
            input = input[(3 + length)..];
            if (datagram.Length >= 14 && DatagramCodec.IsProtocolDatagram(datagram))
            {
                BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(6), ConnectionId);
            }

            server.HandleTimeout(now);
            server.Receive(datagram, now);
            if (server.State == ConnectionState.Connected && sent < 20)
            {
                server.Send(new byte[1 + (sent * 397 % 2000)]); // a mix of one-fragment and two-fragment messages
                sent++;
            }
            delivered += Drain(server, now);
        }
        // Let every timer run out: whatever state the peer left it in, the session ends.
        for (var i = 0; i < 200 && server.State != ConnectionState.Closed; i++)
        {
            now = server.NextTimeout is { } next ? Math.Max(now + 1, next) : now + 1_000_000;
            server.HandleTimeout(now);
            delivered += Drain(server, now);
        }
        Invariant.Check(server.State == ConnectionState.Closed, $"session: ends once the peer is silent (state {server.State})");
        Invariant.Check(delivered <= server.Counters.MessagesReceived, "session: every message handed out was counted");
    }

    /// <summary>Takes what the server transmits and the events it raises; returns the messages delivered.</summary>
    private static int Drain(ReliableConnection server, long now)
    {
        Invariant.Check(server.BytesInFlight >= 0 && server.QueuedBytes >= 0, "session: bytes in flight and queued are never negative");
        while (server.TryPollTransmit(now, out var datagram))
        {
            Invariant.Check(datagram.Length <= UdpLimits.MaxDatagramSize, "session: what it sends fits a datagram");
            Invariant.Check(DatagramCodec.TryDecode(datagram, out var packet, out _) && packet.Header.ConnectionId == ConnectionId,
                "session: what it sends is a well-formed datagram of its own session");
        }
        var messages = 0;
        while (server.TryPollEvent(out var connectionEvent))
        {
            if (connectionEvent is MessageReceivedEvent message)
            {
                Invariant.Check(message.Message.Length <= UdpLimits.MaxMessageSize, "session: a delivered message is within the size limit");
                messages++;
            }
        }
        return messages;
    }
}
