using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Flag modes of a room.</summary>
[Flags]
public enum RoomModes
{
    /// <summary>No mode.</summary>
    None = 0,

    /// <summary>+n: only members may send to the room.</summary>
    NoExternalMessages = 1 << 0,

    /// <summary>+t: only operators may change the topic.</summary>
    TopicLock = 1 << 1,

    /// <summary>+m: only voiced members and operators may speak.</summary>
    Moderated = 1 << 2,

    /// <summary>+i: joining needs an invitation.</summary>
    InviteOnly = 1 << 3,

    /// <summary>+s: the room is hidden from LIST and WHOIS of non-members.</summary>
    Secret = 1 << 4,

    /// <summary>+C: no CTCP requests to the room, except ACTION (/me).</summary>
    NoCtcp = 1 << 5,

    /// <summary>+Q: no history replay on join (clients with draft/chathistory still ask for history themselves).</summary>
    NoReplay = 1 << 6,
}

/// <summary>A member's status in a room.</summary>
[Flags]
public enum MemberStatus
{
    /// <summary>A plain member.</summary>
    None = 0,

    /// <summary>+v, shown as '+'.</summary>
    Voice = 1 << 0,

    /// <summary>+o, shown as '@'.</summary>
    Operator = 1 << 1,
}

/// <summary>One entry of a room's mask lists: bans (+b), ban exceptions (+e), invite exceptions (+I).</summary>
public sealed record MaskEntry(string Mask, string SetBy, DateTimeOffset SetAt);

/// <summary>A chat room (an IRC channel): its members with their status, topic and modes.</summary>
/// <remarks>Owned by the hub: read and written only on the hub's thread.</remarks>
public sealed class Room(string name, DateTimeOffset createdAt)
{
    /// <summary>The name as created or last renamed, e.g. "#lobby".</summary>
    public string Name { get; private set; } = name;

    /// <summary>The case-folded name, the key of lookups.</summary>
    public string Key { get; private set; } = IrcCaseMapping.Fold(name);

    /// <summary>When the room was created.</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Members in join order, with their status.</summary>
    public Dictionary<Session, MemberStatus> Members { get; } = [];

    /// <summary>The topic, or null when none is set.</summary>
    public string? Topic { get; internal set; }

    /// <summary>Who set the topic (nick or mask).</summary>
    public string? TopicSetBy { get; internal set; }

    /// <summary>When the topic was set.</summary>
    public DateTimeOffset TopicSetAt { get; internal set; }

    /// <summary>Flag modes.</summary>
    public RoomModes Modes { get; internal set; } = RoomModes.NoExternalMessages | RoomModes.TopicLock;

    /// <summary>The key (+k), or null.</summary>
    public string? JoinKey { get; internal set; }

    /// <summary>The member limit (+l), or null.</summary>
    public int? Limit { get; internal set; }

    /// <summary>The ban list (+b).</summary>
    public List<MaskEntry> Bans { get; } = [];

    /// <summary>The ban exceptions (+e): a matching user joins and speaks despite a ban.</summary>
    public List<MaskEntry> BanExceptions { get; } = [];

    /// <summary>The invite exceptions (+I): a matching user joins an invite-only (+i) room without an invitation.</summary>
    public List<MaskEntry> InviteExceptions { get; } = [];

    /// <summary>Sessions invited and not yet joined; an invitation follows the person across nick changes and ends
    /// when they join or leave the server.</summary>
    public HashSet<Session> Invited { get; } = [];

    /// <summary>Gives the room a new name; only the room registry calls this, so its lookups follow.</summary>
    internal void Rename(string newName)
    {
        Name = newName;
        Key = IrcCaseMapping.Fold(newName);
    }

    /// <summary>Whether <paramref name="session"/> is a member.</summary>
    public bool Contains(Session session) => Members.ContainsKey(session);

    /// <summary>The member's status, or null when not a member.</summary>
    public MemberStatus? StatusOf(Session session) => Members.TryGetValue(session, out var s) ? s : null;

    /// <summary>Whether the session is a room operator.</summary>
    public bool IsOperator(Session session) => StatusOf(session) is { } s && s.HasFlag(MemberStatus.Operator);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
