namespace Parley.Protocol.Udp.Wire;

/// <summary>Why <see cref="DatagramCodec.TryDecode"/> rejected a datagram.</summary>
public enum DecodeError
{
    /// <summary>The datagram decoded.</summary>
    None,

    /// <summary>It does not start with the protocol's magic: not ours (the UDP door treats it as plain text).</summary>
    NotProtocol,

    /// <summary>The magic is there but the version is not 1.</summary>
    UnsupportedVersion,

    /// <summary>Shorter than the header.</summary>
    TooShort,

    /// <summary>Longer than <see cref="UdpLimits.MaxDatagramSize"/>.</summary>
    TooLarge,

    /// <summary>The packet type byte is not INITIAL, RETRY or DATA.</summary>
    UnknownPacketType,

    /// <summary>A frame type byte is not defined.</summary>
    UnknownFrameType,

    /// <summary>A frame runs past the end of the datagram.</summary>
    Truncated,

    /// <summary>A field holds a value the protocol forbids (a fragment index past its count, an ACK range below
    /// zero, a cookie or reason over its limit, a packet number over 2^62 - 1, ...).</summary>
    InvalidField,

    /// <summary>A frame that this packet type may not carry, or one that may appear once appearing twice.</summary>
    FrameNotAllowed,

    /// <summary>The packet carries no frame at all besides padding, or an INITIAL is not exactly 1,200 bytes.</summary>
    BadShape,
}
