namespace Parley.Protocol.Udp.Reliability;

/// <summary>What happened to a connection's datagrams, for logs and tests.</summary>
public sealed class ConnectionCounters
{
    /// <summary>Datagrams handed out by <see cref="ReliableConnection.TryPollTransmit(long, Span{byte}, out int)"/>.</summary>
    public long DatagramsSent { get; internal set; }

    /// <summary>Bytes in those datagrams.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Datagrams passed to <see cref="ReliableConnection.Receive"/>.</summary>
    public long DatagramsReceived { get; internal set; }

    /// <summary>Bytes in those datagrams.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>Datagrams that did not decode or carried another connection id.</summary>
    public long InvalidDatagrams { get; internal set; }

    /// <summary>DATA packets whose packet number had been seen before (or was too old to tell).</summary>
    public long DuplicateDatagrams { get; internal set; }

    /// <summary>Valid datagrams refused: fragments beyond the receive window, or a packet the state does not expect
    /// (a RETRY once connected, anything once closed). Refused DATA packets are not acknowledged.</summary>
    public long DroppedDatagrams { get; internal set; }

    /// <summary>Packets this side sent that were declared lost (by acknowledgement gaps or a retransmission timeout).</summary>
    public long PacketsLost { get; internal set; }

    /// <summary>Message fragments sent again after a loss.</summary>
    public long FragmentsRetransmitted { get; internal set; }

    /// <summary>Times the retransmission timer fired.</summary>
    public long RetransmissionTimeouts { get; internal set; }

    /// <summary>Application messages accepted by <see cref="ReliableConnection.Send"/>.</summary>
    public long MessagesSent { get; internal set; }

    /// <summary>Application messages delivered as <see cref="MessageReceivedEvent"/>s.</summary>
    public long MessagesReceived { get; internal set; }
}
