using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Parley.Protocol.Udp.Wire;

/// <summary>Encodes and decodes the protocol's datagrams (docs/udp-protocol.md). Decoding is strict and total:
/// any input gives a packet or a <see cref="DecodeError"/>, never an exception, and never allocates more than the
/// datagram's own size.</summary>
public static class DatagramCodec
{
    /// <summary>The version this codec speaks.</summary>
    public const byte Version = FrameWriter.Version;

    /// <summary>The four bytes every datagram of the protocol starts with: 0xFF 'P' 'R' 'L'. 0xFF never begins
    /// UTF-8 text, so a plain-text datagram can never be taken for one of ours.</summary>
    public static ReadOnlySpan<byte> Magic => FrameWriter.Magic;

    /// <summary>Whether the datagram starts with the magic: the UDP door's test for "protocol, not plain text".</summary>
    public static bool IsProtocolDatagram(ReadOnlySpan<byte> datagram) => datagram.StartsWith(Magic);

    /// <summary>Reads just the connection id (bytes 6 to 13), for routing a datagram to its connection before
    /// decoding it; false if the datagram is not a version-1 datagram of this protocol.</summary>
    public static bool TryReadConnectionId(ReadOnlySpan<byte> datagram, out ulong connectionId)
    {
        connectionId = 0;
        if (datagram.Length < FrameSizes.Header || !IsProtocolDatagram(datagram) || datagram[4] != Version)
        {
            return false;
        }
        connectionId = BinaryPrimitives.ReadUInt64BigEndian(datagram[6..]);
        return true;
    }

    /// <summary>Decodes a datagram, checking every rule of the format.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out Packet? packet, out DecodeError error)
    {
        packet = null;
        error = DecodeHeader(datagram, out var header);
        if (error != DecodeError.None)
        {
            return false;
        }
        var frames = new List<Frame>();
        var reader = new SpanReader(datagram[FrameSizes.Header..]);
        while (!reader.AtEnd)
        {
            error = DecodeFrame(ref reader, out var frame);
            if (error != DecodeError.None)
            {
                return false;
            }
            if (frame is PaddingFrame padding && frames.Count > 0 && frames[^1] is PaddingFrame previous)
            {
                frames[^1] = new PaddingFrame(previous.Length + padding.Length);
                continue;
            }
            frames.Add(frame);
        }
        error = CheckShape(header.Type, frames, datagram.Length);
        if (error != DecodeError.None)
        {
            return false;
        }
        packet = new Packet(header, frames);
        return true;
    }

    private static DecodeError DecodeHeader(ReadOnlySpan<byte> datagram, out PacketHeader header)
    {
        header = default;
        if (!IsProtocolDatagram(datagram))
        {
            // A datagram cut inside the magic is still ours if what is there matches it.
            return datagram.Length < Magic.Length && datagram.Length > 0 && Magic.StartsWith(datagram)
                ? DecodeError.TooShort
                : DecodeError.NotProtocol;
        }
        if (datagram.Length > Magic.Length && datagram[4] != Version)
        {
            return DecodeError.UnsupportedVersion;
        }
        if (datagram.Length < FrameSizes.Header)
        {
            return DecodeError.TooShort;
        }
        if (datagram.Length > UdpLimits.MaxDatagramSize)
        {
            return DecodeError.TooLarge;
        }
        var type = (PacketType)datagram[5];
        if (type is not (PacketType.Initial or PacketType.Retry or PacketType.Data))
        {
            return DecodeError.UnknownPacketType;
        }
        var connectionId = BinaryPrimitives.ReadUInt64BigEndian(datagram[6..]);
        var packetNumber = BinaryPrimitives.ReadUInt64BigEndian(datagram[14..]);
        if (packetNumber > UdpLimits.MaxVarInt)
        {
            return DecodeError.InvalidField;
        }
        header = new PacketHeader(type, connectionId, packetNumber);
        return DecodeError.None;
    }

    private static DecodeError DecodeFrame(ref SpanReader reader, out Frame frame)
    {
        frame = null!;
        reader.TryReadByte(out var typeByte);
        switch ((FrameType)typeByte)
        {
            case FrameType.Padding:
                var run = 1;
                while (!reader.AtEnd && reader.PeekByte() == 0)
                {
                    reader.TryReadByte(out _);
                    run++;
                }
                frame = new PaddingFrame(run);
                return DecodeError.None;
            case FrameType.Initial:
            case FrameType.Retry:
                if (!reader.TryReadVarInt(out var cookieLength))
                {
                    return DecodeError.Truncated;
                }
                if (cookieLength > UdpLimits.MaxCookieLength || (typeByte == (byte)FrameType.Retry && cookieLength == 0))
                {
                    return DecodeError.InvalidField;
                }
                if (!reader.TryReadBytes(cookieLength, out var cookie))
                {
                    return DecodeError.Truncated;
                }
                frame = typeByte == (byte)FrameType.Initial ? new InitialFrame(cookie.ToArray()) : new RetryFrame(cookie.ToArray());
                return DecodeError.None;
            case FrameType.Accept:
                frame = new AcceptFrame();
                return DecodeError.None;
            case FrameType.Ping:
                frame = new PingFrame();
                return DecodeError.None;
            case FrameType.Ack:
                return DecodeAck(ref reader, out frame);
            case FrameType.Fragment:
                return DecodeFragment(ref reader, out frame);
            case FrameType.Close:
                return DecodeClose(ref reader, out frame);
            default:
                return DecodeError.UnknownFrameType;
        }
    }

    private static DecodeError DecodeAck(ref SpanReader reader, out Frame frame)
    {
        frame = null!;
        if (!reader.TryReadVarInt(out var largest) || !reader.TryReadVarInt(out var delay)
            || !reader.TryReadVarInt(out var count) || !reader.TryReadVarInt(out var firstLength))
        {
            return DecodeError.Truncated;
        }
        if (count is 0 or > UdpLimits.MaxAckRanges || firstLength > largest)
        {
            return DecodeError.InvalidField;
        }
        var ranges = new AckRange[(int)count];
        ranges[0] = new AckRange(largest - firstLength, largest);
        for (var i = 1; i < ranges.Length; i++)
        {
            if (!reader.TryReadVarInt(out var gap) || !reader.TryReadVarInt(out var length))
            {
                return DecodeError.Truncated;
            }
            var previousSmallest = ranges[i - 1].Smallest;
            // The next range's largest is previousSmallest - gap - 2; it must not go below zero.
            if (previousSmallest < 2 || gap > previousSmallest - 2)
            {
                return DecodeError.InvalidField;
            }
            var rangeLargest = previousSmallest - gap - 2;
            if (length > rangeLargest)
            {
                return DecodeError.InvalidField;
            }
            ranges[i] = new AckRange(rangeLargest - length, rangeLargest);
        }
        frame = new AckFrame(delay, ranges);
        return DecodeError.None;
    }

    private static DecodeError DecodeFragment(ref SpanReader reader, out Frame frame)
    {
        frame = null!;
        if (!reader.TryReadVarInt(out var messageId) || !reader.TryReadVarInt(out var index)
            || !reader.TryReadVarInt(out var count) || !reader.TryReadVarInt(out var length))
        {
            return DecodeError.Truncated;
        }
        if (count is 0 or > UdpLimits.MaxFragmentsPerMessage || index >= count || length > UdpLimits.MaxMessageSize)
        {
            return DecodeError.InvalidField;
        }
        if (!reader.TryReadBytes(length, out var payload))
        {
            return DecodeError.Truncated;
        }
        frame = new FragmentFrame(messageId, (int)index, (int)count, payload.ToArray());
        return DecodeError.None;
    }

    private static DecodeError DecodeClose(ref SpanReader reader, out Frame frame)
    {
        frame = null!;
        if (!reader.TryReadUInt16(out var code) || !reader.TryReadVarInt(out var length))
        {
            return DecodeError.Truncated;
        }
        if (length > UdpLimits.MaxCloseReasonBytes)
        {
            return DecodeError.InvalidField;
        }
        if (!reader.TryReadBytes(length, out var reason))
        {
            return DecodeError.Truncated;
        }
        // Invalid UTF-8 becomes U+FFFD rather than an error: the reason is only ever shown to a person.
        frame = new CloseFrame((CloseCode)code, Encoding.UTF8.GetString(reason));
        return DecodeError.None;
    }

    private static DecodeError CheckShape(PacketType type, List<Frame> frames, int datagramLength)
    {
        switch (type)
        {
            case PacketType.Initial:
            case PacketType.Retry:
                var expected = type == PacketType.Initial ? FrameType.Initial : FrameType.Retry;
                if (frames.Count == 0 || frames[0].Type != expected)
                {
                    return frames.Count == 0 ? DecodeError.BadShape : DecodeError.FrameNotAllowed;
                }
                if (frames.Skip(1).Any(f => f.Type != FrameType.Padding))
                {
                    return DecodeError.FrameNotAllowed;
                }
                return type == PacketType.Initial && datagramLength != UdpLimits.InitialDatagramSize
                    ? DecodeError.BadShape
                    : DecodeError.None;
            default:
                var acks = 0;
                var meaningful = 0;
                foreach (var frame in frames)
                {
                    switch (frame.Type)
                    {
                        case FrameType.Initial or FrameType.Retry:
                            return DecodeError.FrameNotAllowed;
                        case FrameType.Ack when ++acks > 1:
                            return DecodeError.FrameNotAllowed;
                    }
                    if (frame.Type != FrameType.Padding)
                    {
                        meaningful++;
                    }
                }
                return meaningful == 0 ? DecodeError.BadShape : DecodeError.None;
        }
    }

    /// <summary>The encoded size of <paramref name="packet"/>.</summary>
    public static int GetEncodedLength(Packet packet) => FrameSizes.Header + packet.Frames.Sum(FrameLength);

    /// <summary>Encodes a packet. Throws <see cref="ArgumentException"/> if the packet breaks a rule of the format
    /// (that is a bug in the caller) or would be larger than <see cref="UdpLimits.MaxDatagramSize"/>.</summary>
    public static byte[] Encode(Packet packet)
    {
        Validate(packet);
        var length = GetEncodedLength(packet);
        var buffer = new byte[length];
        Encode(packet, buffer);
        return buffer;
    }

    /// <summary>Encodes a packet into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <inheritdoc cref="Encode(Packet)"/>
    public static int Encode(Packet packet, Span<byte> destination)
    {
        Validate(packet);
        var length = GetEncodedLength(packet);
        if (length > UdpLimits.MaxDatagramSize)
        {
            throw new ArgumentException($"The packet takes {length} bytes, more than {UdpLimits.MaxDatagramSize}.", nameof(packet));
        }
        if (destination.Length < length)
        {
            throw new ArgumentException($"The packet needs {length} bytes.", nameof(destination));
        }
        var writer = new SpanWriter(destination);
        FrameWriter.WriteHeader(ref writer, packet.Header);
        foreach (var frame in packet.Frames)
        {
            WriteFrame(ref writer, frame);
        }
        return writer.Position;
    }

    /// <summary>A client's INITIAL datagram, padded to exactly <see cref="UdpLimits.InitialDatagramSize"/> bytes.</summary>
    public static byte[] EncodeInitial(ulong connectionId, ReadOnlySpan<byte> cookie)
    {
        var frame = new InitialFrame(cookie.ToArray());
        var padding = UdpLimits.InitialDatagramSize - FrameSizes.Header - FrameLength(frame);
        return Encode(new Packet(new PacketHeader(PacketType.Initial, connectionId, 0), [frame, new PaddingFrame(padding)]));
    }

    /// <summary>A server's RETRY datagram.</summary>
    public static byte[] EncodeRetry(ulong connectionId, ReadOnlySpan<byte> cookie) =>
        Encode(new Packet(new PacketHeader(PacketType.Retry, connectionId, 0), [new RetryFrame(cookie.ToArray())]));

    /// <summary>A DATA datagram holding only a CLOSE frame.</summary>
    public static byte[] EncodeClose(ulong connectionId, ulong packetNumber, CloseCode code, string reason) =>
        Encode(new Packet(new PacketHeader(PacketType.Data, connectionId, packetNumber), [new CloseFrame(code, reason)]));

    private static int FrameLength(Frame frame) => frame switch
    {
        PaddingFrame padding => padding.Length,
        InitialFrame initial => FrameSizes.Cookie(initial.Cookie.Length),
        RetryFrame retry => FrameSizes.Cookie(retry.Cookie.Length),
        AckFrame ack => FrameSizes.Ack(ack.AckDelayMicros, ack.Ranges),
        FragmentFrame fragment => FrameSizes.Fragment(fragment.MessageId, fragment.Index, fragment.Count, fragment.Payload.Length),
        CloseFrame close => FrameSizes.Close(close.Reason),
        _ => FrameSizes.Single,
    };

    private static void WriteFrame(ref SpanWriter writer, Frame frame)
    {
        switch (frame)
        {
            case PaddingFrame padding:
                writer.WriteZeros(padding.Length);
                break;
            case InitialFrame initial:
                FrameWriter.WriteCookieFrame(ref writer, FrameType.Initial, initial.Cookie.Span);
                break;
            case RetryFrame retry:
                FrameWriter.WriteCookieFrame(ref writer, FrameType.Retry, retry.Cookie.Span);
                break;
            case AckFrame ack:
                FrameWriter.WriteAck(ref writer, ack.AckDelayMicros, ack.Ranges);
                break;
            case FragmentFrame fragment:
                FrameWriter.WriteFragment(ref writer, fragment.MessageId, fragment.Index, fragment.Count, fragment.Payload.Span);
                break;
            case CloseFrame close:
                FrameWriter.WriteClose(ref writer, close.Code, close.Reason);
                break;
            default:
                writer.WriteByte((byte)frame.Type);
                break;
        }
    }

    private static void Validate(Packet packet)
    {
        if (packet.Header.PacketNumber > UdpLimits.MaxVarInt)
        {
            throw new ArgumentException("Packet number over 2^62 - 1.", nameof(packet));
        }
        foreach (var frame in packet.Frames)
        {
            var valid = frame switch
            {
                PaddingFrame padding => padding.Length > 0,
                InitialFrame initial => initial.Cookie.Length <= UdpLimits.MaxCookieLength,
                RetryFrame retry => retry.Cookie.Length is > 0 and <= UdpLimits.MaxCookieLength,
                AckFrame ack => FrameWriter.AreValidRanges(ack.Ranges) && ack.AckDelayMicros <= UdpLimits.MaxVarInt,
                FragmentFrame fragment => fragment.Count is > 0 and <= UdpLimits.MaxFragmentsPerMessage
                    && fragment.Index >= 0 && fragment.Index < fragment.Count
                    && fragment.Payload.Length <= UdpLimits.MaxMessageSize && fragment.MessageId <= UdpLimits.MaxVarInt,
                _ => true,
            };
            if (!valid)
            {
                throw new ArgumentException($"Invalid {frame.Type} frame: {frame}.", nameof(packet));
            }
        }
        // The decoder's shape rules, so the encoder and decoder cannot disagree.
        var shape = CheckShape(packet.Header.Type, [.. packet.Frames], GetEncodedLength(packet));
        if (shape != DecodeError.None)
        {
            throw new ArgumentException($"A {packet.Header.Type} packet cannot be made of these frames ({shape}).", nameof(packet));
        }
    }
}
