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
        return IrcWriter.ToBytes(message, tag => tag.Key switch
        {
            "time" => (caps & Capability.ServerTime) != 0,
            "batch" => (caps & Capability.Batch) != 0,
            "label" => (caps & Capability.LabeledResponse) != 0,
            "account" => (caps & Capability.AccountTag) != 0,
            _ => false,
        });
    }
}
