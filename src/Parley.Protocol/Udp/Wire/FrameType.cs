namespace Parley.Protocol.Udp.Wire;

/// <summary>The first byte of every frame.</summary>
public enum FrameType : byte
{
    /// <summary>One zero byte that means nothing; INITIAL packets are filled up with it.</summary>
    Padding = 0x00,

    /// <summary>The client's request for a session, carrying the cookie from a RETRY (or none).</summary>
    Initial = 0x01,

    /// <summary>The server's stateless cookie.</summary>
    Retry = 0x02,

    /// <summary>The server has created the session.</summary>
    Accept = 0x03,

    /// <summary>Which packet numbers arrived, as ranges, and how long the acknowledgement was held back.</summary>
    Ack = 0x04,

    /// <summary>One piece of one application message.</summary>
    Fragment = 0x05,

    /// <summary>Asks for an acknowledgement; keeps an idle session alive.</summary>
    Ping = 0x06,

    /// <summary>The session ends, with a reason code and text.</summary>
    Close = 0x07,
}
