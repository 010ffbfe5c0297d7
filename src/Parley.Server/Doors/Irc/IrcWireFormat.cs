using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Irc;

/// <summary>The IRC wire: each message as an IRC line, with the tags the recipient's capabilities allow.</summary>
public sealed class IrcWireFormat : IWireFormat
{
    /// <summary>The one instance (the format holds no state).</summary>
    public static readonly IrcWireFormat Instance = new();

    private const Capability TagCaps = Capability.MessageTags | Capability.ServerTime | Capability.Batch
        | Capability.LabeledResponse | Capability.AccountTag;

    private IrcWireFormat()
    {
    }

    /// <inheritdoc/>
    public int EncodingKey(Session recipient) => (int)(recipient.Caps & TagCaps);

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Encode(IrcMessage message, Session recipient)
    {
        var caps = recipient.Caps;
        if (message.Tags.Count == 0 || (caps & Capability.MessageTags) != 0)
        {
            return IrcWriter.ToBytes(message);
        }
        return IrcWriter.ToBytes(message, TagFilters[FilterIndex(caps)]);
    }

    // The capabilities that each let one tag through to a client without message-tags.
    private static readonly Capability[] FilterCaps =
        [Capability.ServerTime, Capability.Batch, Capability.LabeledResponse, Capability.AccountTag];

    // One filter per combination of those capabilities, made once: a fan-out encodes without allocating a closure.
    private static readonly Func<MessageTag, bool>[] TagFilters = Enumerable.Range(0, 1 << FilterCaps.Length)
        .Select(index => FilterFor(FilterCaps.Where((_, bit) => (index & (1 << bit)) != 0).Aggregate(Capability.None, (a, b) => a | b)))
        .ToArray();

    private static int FilterIndex(Capability caps)
    {
        var index = 0;
        for (var bit = 0; bit < FilterCaps.Length; bit++)
        {
            if ((caps & FilterCaps[bit]) != 0)
            {
                index |= 1 << bit;
            }
        }
        return index;
    }

    /// <summary>Which tags a client without message-tags may see: those of the capabilities it negotiated.</summary>
    private static Func<MessageTag, bool> FilterFor(Capability caps) => tag => tag.Key switch
    {
        "time" => (caps & Capability.ServerTime) != 0,
        "batch" => (caps & Capability.Batch) != 0,
        "label" => (caps & Capability.LabeledResponse) != 0,
        "account" => (caps & Capability.AccountTag) != 0,
        _ => false,
    };
}
