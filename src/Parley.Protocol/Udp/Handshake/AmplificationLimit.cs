namespace Parley.Protocol.Udp.Handshake;

/// <summary>Keeps what the server sends to an address it has not validated to at most three times what it received
/// from that address (RFC 9000 §8.1), so a spoofed source address cannot turn the server into an amplifier.
/// One per unvalidated address; forgetting one (a bounded table evicting it) only makes the server quieter.</summary>
public sealed class AmplificationLimit
{
    /// <summary>Bytes the server may send per byte received.</summary>
    public const int Factor = 3;

    /// <summary>Bytes received from the address so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Bytes sent to the address so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>How many more bytes may be sent now.</summary>
    public long Allowance => (Factor * BytesReceived) - BytesSent;

    /// <summary>Counts a datagram received from the address.</summary>
    public void OnReceived(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        BytesReceived += bytes;
    }

    /// <summary>Counts a datagram of <paramref name="bytes"/> as sent and returns true if it fits the allowance;
    /// returns false and counts nothing if it does not (the datagram must then not be sent).</summary>
    public bool TrySend(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes > Allowance)
        {
            return false;
        }
        BytesSent += bytes;
        return true;
    }

    /// <summary>Whether a single reply of <paramref name="replyBytes"/> to a single datagram of
    /// <paramref name="receivedBytes"/> keeps within the bound (the stateless case).</summary>
    public static bool Allows(int receivedBytes, int replyBytes) => replyBytes <= (long)Factor * receivedBytes;
}
