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
    ExtendedMonitor = 1 << 15,
    Metadata = 1 << 16,
    ChannelRename = 1 << 17,
    ReadMarker = 1 << 18,
    Multiline = 1 << 19,
    ChatHistory = 1 << 26,
    Sasl = 1 << 20,
    AccountRegistration = 1 << 21,
    MessageRedaction = 1 << 22,
#pragma warning restore CS1591
}

/// <summary>Wire names of the capabilities and the ones advertised in CAP LS.</summary>
public static class CapabilityNames
{
    /// <summary>Every capability Parley advertises, in CAP LS order, with the value CAP LS 302 shows after '=' (or null).</summary>
    public static readonly IReadOnlyList<(string Name, Capability Flag, string? Value)> Advertised =
    [
        ("account-notify", Capability.AccountNotify, null),
        ("account-tag", Capability.AccountTag, null),
        ("away-notify", Capability.AwayNotify, null),
        ("batch", Capability.Batch, null),
        ("cap-notify", Capability.CapNotify, null),
        ("draft/account-registration", Capability.AccountRegistration, Accounts.AccountLimits.RegistrationCapabilityValue),
        ("draft/channel-rename", Capability.ChannelRename, null),
        ("draft/chathistory", Capability.ChatHistory, null),
        ("draft/message-redaction", Capability.MessageRedaction, null),
        ("draft/metadata-3", Capability.Metadata, MetadataLimits.CapabilityValue),
        ("draft/multiline", Capability.Multiline, $"max-bytes={ServerSupport.MultilineMaxBytes},max-lines={ServerSupport.MultilineMaxLines}"),
        ("draft/read-marker", Capability.ReadMarker, null),
        ("echo-message", Capability.EchoMessage, null),
        ("extended-join", Capability.ExtendedJoin, null),
        ("extended-monitor", Capability.ExtendedMonitor, null),
        ("invite-notify", Capability.InviteNotify, null),
        ("labeled-response", Capability.LabeledResponse, null),
        ("message-tags", Capability.MessageTags, null),
        ("multi-prefix", Capability.MultiPrefix, null),
        ("sasl", Capability.Sasl, Accounts.AccountLimits.SaslMechanisms),
        ("server-time", Capability.ServerTime, null),
        ("setname", Capability.SetName, null),
        ("userhost-in-names", Capability.UserhostInNames, null),
    ];

    /// <summary>The flag of an advertised capability name, or <see cref="Capability.None"/>.</summary>
    public static Capability Find(string name)
    {
        foreach (var (n, flag, _) in Advertised)
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
