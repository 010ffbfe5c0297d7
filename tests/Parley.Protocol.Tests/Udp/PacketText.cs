using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp;

/// <summary>Renders packets as text with payload bytes in hex, so tests compare them by content (records compare
/// byte buffers by reference).</summary>
internal static class PacketText
{
    public static string Of(Packet packet) =>
        $"{packet.Header.Type} cid={packet.Header.ConnectionId:x} pn={packet.Header.PacketNumber}: "
        + string.Join(" | ", packet.Frames.Select(Of));

    public static string Of(Frame frame) => frame switch
    {
        PaddingFrame p => $"PADDING x{p.Length}",
        InitialFrame i => $"INITIAL {Convert.ToHexString(i.Cookie.Span)}",
        RetryFrame r => $"RETRY {Convert.ToHexString(r.Cookie.Span)}",
        AckFrame a => $"ACK delay={a.AckDelayMicros} " + string.Join(",", a.Ranges.Select(r => $"{r.Smallest}-{r.Largest}")),
        FragmentFrame f => $"FRAGMENT {f.MessageId} {f.Index}/{f.Count} {Convert.ToHexString(f.Payload.Span)}",
        CloseFrame c => $"CLOSE {(ushort)c.Code} {c.Reason}",
        _ => frame.Type.ToString().ToUpperInvariant(),
    };
}
