namespace Parley.Server.Storage;

/// <summary>Where server-wide bans (K-lines and D-lines) are kept across restarts.</summary>
/// <remarks>Called on the hub's thread: every call is one indexed statement. The hub keeps the bans in memory
/// (<see cref="Hub.ServerBans"/>) and only loads them at start-up, so matching never touches the database.</remarks>
public interface IBanStore
{
    /// <summary>Every ban kept, expired ones included (the caller drops those).</summary>
    IReadOnlyList<ServerBan> LoadAll();

    /// <summary>Keeps <paramref name="ban"/>, replacing a ban of the same kind and mask.</summary>
    void Save(ServerBan ban);

    /// <summary>Forgets the ban of <paramref name="kind"/> on <paramref name="mask"/>; false when there was none.</summary>
    bool Remove(BanKind kind, string mask);
}

/// <summary>What a server-wide ban matches.</summary>
public enum BanKind
{
    /// <summary>A K-line: a nick!user@host mask, checked when a client completes registration.</summary>
    User,

    /// <summary>A D-line: an IP address or CIDR range, checked when a connection is accepted.</summary>
    Address,
}

/// <summary>One server-wide ban.</summary>
/// <param name="Kind">K-line or D-line.</param>
/// <param name="Mask">The normalized mask: a case-folded nick!user@host for a K-line, a canonical address or CIDR range
/// for a D-line.</param>
/// <param name="Reason">Why, as shown to the banned client.</param>
/// <param name="SetBy">Who set it (an operator's nick and OPER name, or "console").</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="ExpiresAt">When it ends, or null for a permanent ban.</param>
public sealed record ServerBan(BanKind Kind, string Mask, string Reason, string SetBy, DateTimeOffset SetAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Whether the ban has ended by <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } end && end <= now;
}
