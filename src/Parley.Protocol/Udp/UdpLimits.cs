namespace Parley.Protocol.Udp;

/// <summary>The fixed numbers of Parley's datagram protocol, version 1 (docs/udp-protocol.md, "Limits").</summary>
/// <remarks>Both peers must agree on these, so they are constants of the protocol, not settings.</remarks>
public static class UdpLimits
{
    /// <summary>The largest datagram either peer sends or accepts: fits the IPv6 minimum MTU with room for tunnels.</summary>
    public const int MaxDatagramSize = 1200;

    /// <summary>The exact size of a client's INITIAL datagram: padding it to the maximum proves the path carries full
    /// datagrams and gives the server's RETRY answer room under the amplification bound.</summary>
    public const int InitialDatagramSize = MaxDatagramSize;

    /// <summary>The largest application message (one IRC line with tags fits easily).</summary>
    public const int MaxMessageSize = 16 * 1024;

    /// <summary>The payload Parley puts in one FRAGMENT frame; a 16 KiB message takes exactly 16 fragments.</summary>
    public const int FragmentPayloadSize = 1024;

    /// <summary>The most fragments one message may be cut into (a receiver rejects more).</summary>
    public const int MaxFragmentsPerMessage = 64;

    /// <summary>Messages a receiver accepts beyond the next one it has to deliver; a sender never starts a message
    /// this far ahead of its oldest unacknowledged one.</summary>
    public const int MessageWindow = 64;

    /// <summary>Bytes of messages a sender may have started beyond its oldest unacknowledged message (that one
    /// included); a receiver buffers at most this much out of order.</summary>
    public const int MessageWindowBytes = 64 * 1024;

    /// <summary>The longest retry cookie.</summary>
    public const int MaxCookieLength = 64;

    /// <summary>The longest close reason text, in UTF-8 bytes.</summary>
    public const int MaxCloseReasonBytes = 200;

    /// <summary>The most ranges one ACK frame may carry.</summary>
    public const int MaxAckRanges = 32;

    /// <summary>The largest packet number or variable-length integer value: 2^62 - 1.</summary>
    public const ulong MaxVarInt = (1UL << 62) - 1;
}
