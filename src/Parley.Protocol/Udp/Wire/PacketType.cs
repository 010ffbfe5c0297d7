namespace Parley.Protocol.Udp.Wire;

/// <summary>The kind of packet, byte 5 of the header; it decides which frames the packet may carry.</summary>
public enum PacketType : byte
{
    /// <summary>Client to server: asks for a session, with or without a retry cookie. Exactly 1,200 bytes.</summary>
    Initial = 0x01,

    /// <summary>Server to client: a stateless cookie to echo in the next INITIAL.</summary>
    Retry = 0x02,

    /// <summary>Either way, once the server has accepted: acknowledgements, message fragments, pings, close.</summary>
    Data = 0x03,
}
