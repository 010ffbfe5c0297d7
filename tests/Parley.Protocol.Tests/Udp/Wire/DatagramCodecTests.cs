using System.Buffers.Binary;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Wire;

public sealed class DatagramCodecTests
{
    private const ulong Cid = 0x0123_4567_89AB_CDEF;

    /// <summary>A header for <paramref name="type"/> followed by <paramref name="body"/> as raw bytes, so tests can
    /// write fields the encoder would refuse.</summary>
    private static byte[] Raw(PacketType type, ulong packetNumber, params byte[] body)
    {
        var bytes = new byte[FrameSizes.Header + body.Length];
        DatagramCodec.Magic.CopyTo(bytes);
        bytes[4] = DatagramCodec.Version;
        bytes[5] = (byte)type;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(6), Cid);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(14), packetNumber);
        body.CopyTo(bytes, FrameSizes.Header);
        return bytes;
    }

    private static DecodeError ErrorOf(byte[] datagram)
    {
        Assert.False(DatagramCodec.TryDecode(datagram, out var packet, out var error), "decoded: " + (packet is null ? "" : PacketText.Of(packet)));
        return error;
    }

    private static Packet Decode(byte[] datagram)
    {
        Assert.True(DatagramCodec.TryDecode(datagram, out var packet, out var error), error.ToString());
        return packet;
    }

    public static TheoryData<string> SamplePackets() => [.. Samples().Keys];

    private static Dictionary<string, Packet> Samples()
    {
        var data = new PacketHeader(PacketType.Data, Cid, 41);
        var bigPayload = Enumerable.Range(0, UdpLimits.FragmentPayloadSize).Select(i => (byte)i).ToArray();
        return new()
        {
            ["initial without cookie"] = Decode(DatagramCodec.EncodeInitial(Cid, [])),
            ["initial with cookie"] = Decode(DatagramCodec.EncodeInitial(Cid, new byte[UdpLimits.MaxCookieLength])),
            ["retry"] = new Packet(new PacketHeader(PacketType.Retry, Cid, 0), [new RetryFrame(new byte[] { 1, 2, 3, 250 })]),
            ["accept and ping"] = new Packet(data, [new AcceptFrame(), new PingFrame()]),
            ["one ack range"] = new Packet(data, [new AckFrame(25_000, [new AckRange(0, 40)])]),
            ["many ack ranges"] = new Packet(data, [new AckFrame(0, Enumerable.Range(0, UdpLimits.MaxAckRanges)
                .Select(i => new AckRange((ulong)(1000 - (i * 30) - 10), (ulong)(1000 - (i * 30)))).ToArray())]),
            ["ack range ending at zero"] = new Packet(data, [new AckFrame(7, [new AckRange(5, 5), new AckRange(0, 3)])]),
            ["huge numbers"] = new Packet(new PacketHeader(PacketType.Data, ulong.MaxValue, UdpLimits.MaxVarInt),
                [new AckFrame(UdpLimits.MaxVarInt, [new AckRange(UdpLimits.MaxVarInt, UdpLimits.MaxVarInt)]),
                 new FragmentFrame(UdpLimits.MaxVarInt, 63, 64, new byte[] { 9 })]),
            ["fragments"] = new Packet(data, [new FragmentFrame(3, 0, 1, new byte[] { 104, 105 }), new FragmentFrame(4, 2, 16, bigPayload)]),
            ["empty fragment"] = new Packet(data, [new FragmentFrame(0, 0, 1, Array.Empty<byte>())]),
            ["close"] = new Packet(data, [new CloseFrame(CloseCode.ServerShutdown, "server going down, é ✓")]),
            ["close without reason"] = new Packet(data, [new CloseFrame((CloseCode)999, "")]),
            ["everything"] = new Packet(data, [new AckFrame(1, [new AckRange(10, 12)]), new AcceptFrame(), new PingFrame(),
                new FragmentFrame(1, 0, 2, new byte[] { 1 }), new PaddingFrame(3), new CloseFrame(CloseCode.Normal, "bye")]),
        };
    }

    [Theory]
    [MemberData(nameof(SamplePackets))]
    public void Packets_survive_a_round_trip(string name)
    {
        var packet = Samples()[name];
        var bytes = DatagramCodec.Encode(packet);
        Assert.Equal(DatagramCodec.GetEncodedLength(packet), bytes.Length);
        Assert.True(bytes.Length <= UdpLimits.MaxDatagramSize);
        var decoded = Decode(bytes);
        Assert.Equal(PacketText.Of(packet), PacketText.Of(decoded));
        Assert.Equal(bytes, DatagramCodec.Encode(decoded));
    }

    [Fact]
    public void The_header_sits_at_the_documented_offsets()
    {
        var bytes = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, 0x1122334455667788, 0x0102), [new PingFrame()]));
        Assert.Equal("FF50524C" + "01" + "03" + "1122334455667788" + "0000000000000102" + "06", Convert.ToHexString(bytes));
    }

    [Fact]
    public void Frames_are_laid_out_as_documented()
    {
        var data = new PacketHeader(PacketType.Data, 0, 0);
        string Body(Frame frame) => Convert.ToHexString(DatagramCodec.Encode(new Packet(data, [frame]))[FrameSizes.Header..]);

        // ACK: largest 100, delay 25000 µs, 2 ranges, first range 100-98, gap 1 (95 and 96... missing: 97,96), range 95-90.
        Assert.Equal("04" + "4064" + "800061A8" + "02" + "02" + "01" + "05",
            Body(new AckFrame(25_000, [new AckRange(98, 100), new AckRange(90, 95)])));
        Assert.Equal("05" + "07" + "01" + "03" + "02" + "6869", Body(new FragmentFrame(7, 1, 3, "hi"u8.ToArray())));
        Assert.Equal("07" + "0003" + "03" + "627965", Body(new CloseFrame(CloseCode.ServerShutdown, "bye")));
        Assert.Equal("03", Body(new AcceptFrame()));
        Assert.Equal("06", Body(new PingFrame()));
        Assert.Equal("02" + "02" + "ABCD", Convert.ToHexString(DatagramCodec.EncodeRetry(0, [0xAB, 0xCD])[FrameSizes.Header..]));
    }

    [Fact]
    public void The_examples_of_the_specification_encode_as_shown()
    {
        // docs/udp-protocol.md, section 15.
        const ulong cid = 0x1122334455667788;
        const string header = "FF50524C01" + "{0}" + "1122334455667788" + "0000000000000000";
        string Header(PacketType type) => string.Format(System.Globalization.CultureInfo.InvariantCulture, header, ((byte)type).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));

        var initial = DatagramCodec.EncodeInitial(cid, []);
        Assert.Equal(1200, initial.Length);
        Assert.Equal(Header(PacketType.Initial) + "0100" + new string('0', 2 * 1176), Convert.ToHexString(initial));

        var cookie = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var retry = DatagramCodec.EncodeRetry(cid, cookie);
        Assert.Equal(56, retry.Length);
        Assert.Equal(Header(PacketType.Retry) + "0220" + Convert.ToHexString(cookie), Convert.ToHexString(retry));
        var second = DatagramCodec.EncodeInitial(cid, cookie);
        Assert.Equal(Header(PacketType.Initial) + "0120" + Convert.ToHexString(cookie) + new string('0', 2 * 1144), Convert.ToHexString(second));

        var accept = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, cid, 0), [new AcceptFrame()]));
        Assert.Equal(Header(PacketType.Data) + "03", Convert.ToHexString(accept));

        var first = DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, cid, 0),
            [new AckFrame(25_000, [new AckRange(0, 0)]), new FragmentFrame(0, 0, 1, "NICK alice"u8.ToArray())]));
        Assert.Equal(45, first.Length);
        Assert.Equal(Header(PacketType.Data) + "04008000" + "61A80100" + "050000010A" + "4E49434B20616C696365", Convert.ToHexString(first));

        var close = DatagramCodec.EncodeClose(cid, 0, CloseCode.UnknownConnection, "unknown connection");
        Assert.Equal(44, close.Length);
        Assert.Equal(Header(PacketType.Data) + "07000612" + Convert.ToHexString("unknown connection"u8), Convert.ToHexString(close));
    }

    [Fact]
    public void An_initial_is_padded_to_exactly_1200_bytes()
    {
        var initial = DatagramCodec.EncodeInitial(Cid, [1, 2, 3]);
        Assert.Equal(UdpLimits.InitialDatagramSize, initial.Length);
        Assert.Equal(PacketType.Initial, Decode(initial).Header.Type);
        Assert.Equal(DecodeError.BadShape, ErrorOf(initial[..^1]));
        Assert.Equal(DecodeError.TooLarge, ErrorOf([.. initial, 0]));
        var small = Raw(PacketType.Initial, 0, 0x01, 0x00);
        Assert.Equal(DecodeError.BadShape, ErrorOf(small));
    }

    [Fact]
    public void Datagrams_without_the_magic_are_not_ours()
    {
        Assert.Equal(DecodeError.NotProtocol, ErrorOf("hello\n"u8.ToArray()));
        Assert.Equal(DecodeError.NotProtocol, ErrorOf([]));
        Assert.False(DatagramCodec.IsProtocolDatagram("PRIVMSG #x :hi"u8));
        Assert.True(DatagramCodec.IsProtocolDatagram(Raw(PacketType.Data, 0, 0x06)));
    }

    [Fact]
    public void Other_versions_are_refused()
    {
        var bytes = Raw(PacketType.Data, 0, 0x06);
        bytes[4] = 2;
        Assert.Equal(DecodeError.UnsupportedVersion, ErrorOf(bytes));
        Assert.False(DatagramCodec.TryReadConnectionId(bytes, out _));
        bytes[4] = 0;
        Assert.Equal(DecodeError.UnsupportedVersion, ErrorOf(bytes));
    }

    [Fact]
    public void Datagrams_over_1200_bytes_are_refused()
    {
        var body = new byte[UdpLimits.MaxDatagramSize - FrameSizes.Header + 1];
        body[0] = 0x06;
        Assert.Equal(DecodeError.TooLarge, ErrorOf(Raw(PacketType.Data, 0, body)));
        Assert.Equal(PacketType.Data, Decode(Raw(PacketType.Data, 0, body[..^1])).Header.Type);
    }

    [Fact]
    public void Unknown_packet_and_frame_types_are_refused()
    {
        Assert.Equal(DecodeError.UnknownPacketType, ErrorOf(Raw((PacketType)0x04, 0, 0x06)));
        Assert.Equal(DecodeError.UnknownPacketType, ErrorOf(Raw(0, 0, 0x06)));
        Assert.Equal(DecodeError.UnknownFrameType, ErrorOf(Raw(PacketType.Data, 0, 0x06, 0x08)));
        Assert.Equal(DecodeError.UnknownFrameType, ErrorOf(Raw(PacketType.Data, 0, 0xFF)));
    }

    [Fact]
    public void Packet_numbers_over_two_to_the_62_are_refused()
    {
        Assert.Equal(DecodeError.InvalidField, ErrorOf(Raw(PacketType.Data, UdpLimits.MaxVarInt + 1, 0x06)));
        Assert.Throws<ArgumentException>(() =>
            DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Data, 0, UdpLimits.MaxVarInt + 1), [new PingFrame()])));
    }

    [Theory]
    [InlineData("05 00 00 01 4400", "Truncated")]                // fragment claims 1024 bytes, has none
    [InlineData("05 00 00 01 7FFF 00", "Truncated")]              // fragment claims 16383 bytes: fits the limit, not the datagram
    [InlineData("05 00 00 01 8000FFFF 00", "InvalidField")]       // fragment length over the 16 KiB limit
    [InlineData("05 00 00 01 C0FFFFFFFFFFFFFF", "InvalidField")]  // an absurd length never allocates
    [InlineData("05 00 01 01 00", "InvalidField")]                // index 1 of 1
    [InlineData("05 00 00 00 00", "InvalidField")]                // count 0
    [InlineData("05 00 00 4041 00", "InvalidField")]              // count 65
    [InlineData("05 00 00", "Truncated")]
    [InlineData("04 05 00 00 00", "InvalidField")]                // no ranges
    [InlineData("04 05 00 21 00", "InvalidField")]                // 33 ranges
    [InlineData("04 05 00 01 06", "InvalidField")]                // first range below zero
    [InlineData("04 05 00 02 00 04 00", "InvalidField")]          // second range starts below zero
    [InlineData("04 05 00 02 01 02 01", "InvalidField")]          // second range ends below zero
    [InlineData("04 05 00 02 00", "Truncated")]
    [InlineData("04 05", "Truncated")]
    [InlineData("07 0000 40C9", "InvalidField")]                  // reason of 201 bytes
    [InlineData("07 0000 05 6869", "Truncated")]
    [InlineData("07 00", "Truncated")]
    [InlineData("00 00 00", "BadShape")]                          // nothing but padding
    [InlineData("04 00 00 01 00 04 00 00 01 00", "FrameNotAllowed")] // two ACKs
    [InlineData("01 00", "FrameNotAllowed")]                      // INITIAL in a DATA packet
    [InlineData("02 01 00", "FrameNotAllowed")]                   // RETRY in a DATA packet
    public void Bad_data_frames_are_refused_with_the_right_error(string hex, string error)
    {
        var body = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(Enum.Parse<DecodeError>(error), ErrorOf(Raw(PacketType.Data, 0, body)));
    }

    [Fact]
    public void A_fragment_length_just_past_the_end_is_truncated_not_accepted()
    {
        var body = Convert.FromHexString("05000001" + "0A" + "00010203040506070809");
        Assert.Single(Decode(Raw(PacketType.Data, 0, body)).Frames);
        body[4] = 0x0B;
        Assert.Equal(DecodeError.Truncated, ErrorOf(Raw(PacketType.Data, 0, body)));
    }

    [Fact]
    public void Retry_and_initial_packets_hold_only_their_own_frame_and_padding()
    {
        Assert.Equal(DecodeError.InvalidField, ErrorOf(Raw(PacketType.Retry, 0, 0x02, 0x00)));        // empty cookie
        Assert.Equal(DecodeError.InvalidField, ErrorOf(Raw(PacketType.Retry, 0, [0x02, 0x40, 0x41, .. new byte[65]])));
        Assert.Equal(DecodeError.FrameNotAllowed, ErrorOf(Raw(PacketType.Retry, 0, 0x02, 0x01, 0xAA, 0x06)));
        Assert.Equal(DecodeError.FrameNotAllowed, ErrorOf(Raw(PacketType.Retry, 0, 0x06)));
        Assert.Equal(DecodeError.BadShape, ErrorOf(Raw(PacketType.Retry, 0)));
        Assert.Equal(PacketType.Retry, Decode(Raw(PacketType.Retry, 0, 0x02, 0x01, 0xAA, 0x00, 0x00)).Header.Type);
        var initial = DatagramCodec.EncodeInitial(Cid, []);
        initial[^1] = 0x06;
        Assert.Equal(DecodeError.FrameNotAllowed, ErrorOf(initial));
    }

    [Fact]
    public void Every_truncation_of_every_sample_decodes_to_a_prefix_or_fails_cleanly()
    {
        foreach (var (name, packet) in Samples())
        {
            var bytes = DatagramCodec.Encode(packet);
            var original = packet.Frames.Select(PacketText.Of).ToList();
            for (var length = 0; length < bytes.Length; length++)
            {
                if (DatagramCodec.TryDecode(bytes.AsSpan(0, length), out var cut, out var error))
                {
                    // Cutting at a frame boundary leaves a shorter valid packet; nothing else may decode.
                    var frames = cut.Frames.Select(PacketText.Of).ToList();
                    Assert.True(frames.Count <= original.Count, name);
                    Assert.Equal(original.Take(frames.Count - 1), frames.Take(frames.Count - 1));
                    Assert.True(frames[^1] == original[frames.Count - 1] || cut.Frames[^1] is PaddingFrame, $"{name} at {length}");
                }
                else
                {
                    Assert.NotEqual(DecodeError.None, error);
                    Assert.NotEqual(DecodeError.NotProtocol, length >= DatagramCodec.Magic.Length ? error : DecodeError.None);
                }
            }
        }
    }

    [Fact]
    public void Random_bytes_never_throw_and_whatever_decodes_encodes_back_to_an_equal_packet()
    {
        var random = new Random(1234);
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, UdpLimits.MaxDatagramSize + 10)];
                random.NextBytes(bytes);
            }
            else
            {
                // A valid header and a short body of mostly small bytes, so frames often decode deep into their fields.
                var body = new byte[random.Next(0, 24)];
                for (var j = 0; j < body.Length; j++)
                {
                    body[j] = (byte)(random.Next(3) == 0 ? random.Next(256) : random.Next(0, 9));
                }
                bytes = Raw(random.Next(5) == 0 ? PacketType.Retry : PacketType.Data, (ulong)random.Next(), body);
            }
            decoded += CheckRoundTripIfDecodes(bytes);
        }
        Assert.True(decoded > 50, $"only {decoded} random datagrams decoded: the test is not reaching the frame decoder");
    }

    [Fact]
    public void Sample_datagrams_with_random_bytes_changed_never_throw()
    {
        var random = new Random(99);
        var samples = Samples().Values.Select(DatagramCodec.Encode).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])samples[random.Next(samples.Length)].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(FrameSizes.Header - 2, bytes.Length)] = (byte)random.Next(256);
            }
            CheckRoundTripIfDecodes(bytes);
        }
    }

    private static int CheckRoundTripIfDecodes(byte[] bytes)
    {
        if (!DatagramCodec.TryDecode(bytes, out var packet, out _))
        {
            return 0;
        }
        var again = DatagramCodec.Encode(packet);
        Assert.True(DatagramCodec.TryDecode(again, out var twice, out _));
        Assert.Equal(PacketText.Of(packet), PacketText.Of(twice));
        return 1;
    }

    [Fact]
    public void Connection_id_can_be_read_without_decoding()
    {
        var bytes = Raw(PacketType.Data, 5, 0xFF); // an undecodable frame does not matter for routing
        Assert.True(DatagramCodec.TryReadConnectionId(bytes, out var cid));
        Assert.Equal(Cid, cid);
        Assert.False(DatagramCodec.TryReadConnectionId(bytes.AsSpan(0, 21), out _));
        Assert.False(DatagramCodec.TryReadConnectionId("hello there, this is plain text"u8, out _));
    }

    [Fact]
    public void The_encoder_refuses_what_the_decoder_would_refuse()
    {
        var data = new PacketHeader(PacketType.Data, 0, 0);
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new PaddingFrame(4)])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new AckFrame(0, [new AckRange(3, 5), new AckRange(2, 3)])])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new AckFrame(0, [new AckRange(3, 5), new AckRange(0, 2)])])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new FragmentFrame(0, 1, 1, Array.Empty<byte>())])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new FragmentFrame(0, 0, 1, new byte[1200])])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(data, [new RetryFrame(Array.Empty<byte>())])));
        Assert.Throws<ArgumentException>(() => DatagramCodec.Encode(new Packet(new PacketHeader(PacketType.Initial, 0, 0), [new InitialFrame(Array.Empty<byte>())])));
    }

    [Fact]
    public void A_long_close_reason_is_cut_at_a_character_boundary()
    {
        var reason = new string('é', 150); // 300 bytes of UTF-8, two per character
        var decoded = Decode(DatagramCodec.EncodeClose(Cid, 0, CloseCode.Normal, "x" + reason));
        var close = Assert.IsType<CloseFrame>(decoded.Frames[0]);
        Assert.Equal("x" + new string('é', 99), close.Reason); // 1 + 198 bytes: the 100th 'é' would split
    }
}
