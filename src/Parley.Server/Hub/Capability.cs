namespace Parley.Server.Hub;

/// <summary>The IRCv3 capabilities Parley offers; a session's negotiated set is a combination of these flags.</summary>
[Flags]
public enum Capability
{
    /// <summary>No capability.</summary>
    None = 0,
#pragma warning disable CS1591 // each is named as in its IRCv3 specification (see CapabilityNames)
    MessageTags = 1 << 0,
    ServerTime = 1 << 1,
    EchoMessage = 1 << 2,
    MultiPrefix = 1 << 3,
    CapNotify = 1 << 4,
    AwayNotify = 1 << 5,
    ExtendedJoin = 1 << 6,
    UserhostInNames = 1 << 7,
    InviteNotify = 1 << 8,
    SetName = 1 << 9,
    LabeledResponse = 1 << 10,
    Batch = 1 << 11,
    AccountNotify = 1 << 12,
    AccountTag = 1 << 13,
    ChgHost = 1 << 14,
    ChannelRename = 1 << 15,
    ReadMarker = 1 << 16,
    Multiline = 1 << 17,
#pragma warning restore CS1591
}

/// <summary>Wire names of the capabilities and the ones advertised in CAP LS.</summary>
public static class CapabilityNames
{
    /// <summary>Every capability Parley advertises, in CAP LS order.</summary>
    public static readonly IReadOnlyList<(string Name, Capability Flag)> Advertised =
    [
        ("away-notify", Capability.AwayNotify),
        ("batch", Capability.Batch),
        ("cap-notify", Capability.CapNotify),
        ("draft/channel-rename", Capability.ChannelRename),
        ("draft/multiline", Capability.Multiline),
        ("draft/read-marker", Capability.ReadMarker),
        ("echo-message", Capability.EchoMessage),
        ("extended-join", Capability.ExtendedJoin),
        ("invite-notify", Capability.InviteNotify),
        ("labeled-response", Capability.LabeledResponse),
        ("message-tags", Capability.MessageTags),
        ("multi-prefix", Capability.MultiPrefix),
        ("server-time", Capability.ServerTime),
        ("setname", Capability.SetName),
        ("userhost-in-names", Capability.UserhostInNames),
    ];

    /// <summary>Values advertised after a capability's name (<c>name=value</c>) to clients that asked for CAP LS 302;
    /// older clients see the bare name, as capability negotiation 3.2 requires.</summary>
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["draft/multiline"] = $"max-bytes={ServerSupport.MultilineMaxBytes},max-lines={ServerSupport.MultilineMaxLines}",
    };

    /// <summary>How CAP LS shows <paramref name="name"/> to a client that asked for CAP LS <paramref name="capVersion"/>.</summary>
    public static string ForLs(string name, int capVersion) =>
        capVersion >= 302 && Values.TryGetValue(name, out var value) ? $"{name}={value}" : name;

    /// <summary>The flag of an advertised capability name, or <see cref="Capability.None"/>.</summary>
    public static Capability Find(string name)
    {
        foreach (var (n, flag) in Advertised)
        {
            if (n == name)
            {
                return flag;
            }
        }
        return Capability.None;
    }

    /// <summary>Caps that cap-notify implies once a client asked for CAP LS 302.</summary>
    public const Capability ImpliedBy302 = Capability.CapNotify;
}
