using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Fuzz.Targets;
using Parley.Protocol.Udp.Wire;

namespace Parley.Tests.Soak;

/// <summary>A misbehaving client of the UDP door: it opens a session with the real handshake (INITIAL, RETRY, INITIAL
/// with the cookie, ACCEPT), registers and joins a room with well-formed messages, then sends mutations of the UDP fuzz
/// corpus, most of them addressed to its own session (connection id and a plausible packet number written in), and
/// finally closes the session or just vanishes (left to the door's idle timeout). When the handshake does not
/// complete it sends its mutations anyway, to whatever they reach.</summary>
internal sealed class UdpChaosClient(IPEndPoint target, IPAddress source, CorpusMutator mutator, Random random, ChaosTally tally)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    private readonly ulong _connectionId = (ulong)random.NextInt64();
    private long _packetNumber;

    /// <summary>Runs the client for <paramref name="lifetime"/> (or until <paramref name="stop"/>).</summary>
    public async Task RunAsync(string nick, string room, TimeSpan lifetime, CancellationToken stop)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        ChaosAddresses.Bind(socket, source);
        socket.Connect(target);
        tally.Count(ref tally.Connections);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var opened = await HandshakeAsync(socket, reading.Token);
        var reader = Task.Run(() => DrainAsync(socket, reading.Token), CancellationToken.None);
        try
        {
            if (opened)
            {
                var messageId = 0UL;
                foreach (var line in new[] { $"NICK {nick}", $"USER {nick} 0 * :udp chaos", $"JOIN {room}", $"PRIVMSG {room} :over udp" })
                {
                    Send(socket, Data(new FragmentFrame(messageId++, 0, 1, Encoding.UTF8.GetBytes(line))));
                }
            }
            var until = DateTime.UtcNow + lifetime;
            while (DateTime.UtcNow < until && !stop.IsCancellationRequested)
            {
                Send(socket, Mutated(opened));
                tally.Count(ref tally.FuzzInputs);
                await Task.Delay(random.Next(10), CancellationToken.None);
            }
            if (opened && random.Next(2) == 0)
            {
                Send(socket, DatagramCodec.EncodeClose(_connectionId, NextPacketNumber(), CloseCode.Normal, "bye"));
            }
        }
        finally
        {
            await reading.CancelAsync();
            await reader;
        }
    }

    private async Task<bool> HandshakeAsync(Socket socket, CancellationToken cancel)
    {
        Send(socket, DatagramCodec.EncodeInitial(_connectionId, []));
        if (await ReceiveAsync(socket, cancel) is not { Header.Type: PacketType.Retry } retry)
        {
            return false;
        }
        Send(socket, DatagramCodec.EncodeInitial(_connectionId, ((RetryFrame)retry.Frames[0]).Cookie.Span));
        var accepted = await ReceiveAsync(socket, cancel);
        if (accepted?.Frames.Any(f => f is AcceptFrame) != true)
        {
            return false;
        }
        _packetNumber = 0;
        return true;
    }

    /// <summary>The next packet number; the reader answers a CLOSE while the sender sends, so both take numbers.</summary>
    private ulong NextPacketNumber() => (ulong)Interlocked.Increment(ref _packetNumber) - 1;

    private byte[] Data(params Frame[] frames) =>
        DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, _connectionId, NextPacketNumber()), frames));

    /// <summary>A mutated corpus datagram; for an open session, usually made to look like one of its own packets.</summary>
    private byte[] Mutated(bool opened)
    {
        var datagram = mutator.Next();
        if (datagram.Length > 1500)
        {
            datagram = datagram[..1500]; // what one loopback datagram of a real network might carry
        }
        if (opened && datagram.Length >= 22 && random.Next(4) != 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(6), _connectionId);
            BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(14), NextPacketNumber());
        }
        return datagram;
    }

    private void Send(Socket socket, byte[] datagram)
    {
        try
        {
            socket.Send(datagram);
            tally.Add(ref tally.BytesSent, datagram.Length);
        }
        catch (SocketException)
        {
            // A refused port (the server went away) or a full buffer: a datagram lost, as on any network.
        }
    }

    private async Task<Packet?> ReceiveAsync(Socket socket, CancellationToken cancel)
    {
        var buffer = new byte[2048];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(ReplyTimeout);
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            tally.Add(ref tally.BytesReceived, n);
            return DatagramCodec.TryDecode(buffer.AsSpan(0, n), out var packet, out _) ? packet : null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads what the server sends. A CLOSE from the server is answered, as a client that is still there does:
    /// otherwise the server would go on resending it, with backoff, until it gave up.</summary>
    private async Task DrainAsync(Socket socket, CancellationToken cancel)
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                tally.Add(ref tally.BytesReceived, n);
                if (DatagramCodec.TryDecode(buffer.AsSpan(0, n), out var packet, out _)
                    && packet.Header.ConnectionId == _connectionId && packet.Frames.Any(f => f is CloseFrame))
                {
                    Send(socket, DatagramCodec.EncodeClose(_connectionId, NextPacketNumber(), CloseCode.Normal, ""));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
