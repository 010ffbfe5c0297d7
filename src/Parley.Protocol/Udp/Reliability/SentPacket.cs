namespace Parley.Protocol.Udp.Reliability;

/// <summary>A message fragment as the sender tracks it.</summary>
internal readonly record struct FragmentRef(ulong MessageId, int Index);

/// <summary>A DATA packet sent and not yet acknowledged or declared lost: what it carried, so its frames can be sent
/// again in a new packet if it is lost (packets themselves are never resent).</summary>
internal sealed class SentPacket
{
    public required ulong Number { get; init; }

    public required long SentAt { get; init; }

    public required int Size { get; init; }

    /// <summary>Whether the peer must acknowledge it; only these count as bytes in flight.</summary>
    public required bool AckEliciting { get; init; }

    /// <summary>Whether the congestion window was at least half full when it went out.</summary>
    public required bool WindowLimited { get; init; }

    public List<FragmentRef>? Fragments { get; set; }

    public bool CarriesAccept { get; set; }

    /// <summary>The largest packet number our ACK frame in it acknowledged, if it held one.</summary>
    public ulong? AckedUpTo { get; set; }
}
