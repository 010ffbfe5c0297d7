using System.Net;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Storage;

namespace Parley.Server.Hub;

/// <summary>The server-wide bans in force: K-lines (nick!user@host masks) and D-lines (IP addresses and CIDR ranges),
/// kept in memory for matching and written through to <see cref="IBanStore"/> so they outlive a restart.</summary>
/// <remarks>Owned by the hub's thread, except <see cref="FindAddressBan"/>: the doors call it on their own threads
/// before a connection gets a session, so the D-lines are also published as an immutable array that is replaced whole
/// on every change (readers see the old list or the new one, never half of either; no lock on the accept path).
/// Expired bans are skipped when matching and dropped from memory and the store when the list is next read or changed.</remarks>
public sealed class ServerBans
{
    private readonly IBanStore _store;
    private readonly Dictionary<(BanKind, string), ServerBan> _bans = [];
    private volatile AddressBan[] _addressBans = [];

    /// <summary>Loads the bans kept in <paramref name="store"/>, forgetting those that ended before <paramref name="now"/>.</summary>
    public ServerBans(IBanStore store, DateTimeOffset now)
    {
        _store = store;
        foreach (var ban in store.LoadAll())
        {
            _bans[(ban.Kind, ban.Mask)] = ban;
        }
        DropExpired(now);
        Publish();
    }

    /// <summary>The bans of <paramref name="kind"/> still in force, oldest first.</summary>
    public IReadOnlyList<ServerBan> List(BanKind kind, DateTimeOffset now)
    {
        DropExpired(now);
        return [.. _bans.Values.Where(b => b.Kind == kind).OrderBy(b => b.SetAt)];
    }

    /// <summary>Adds (or replaces) a ban and keeps it.</summary>
    public void Add(ServerBan ban)
    {
        _store.Save(ban);
        _bans[(ban.Kind, ban.Mask)] = ban;
        DropExpired(ban.SetAt);
        Publish();
    }

    /// <summary>Lifts the ban of <paramref name="kind"/> on the normalized <paramref name="mask"/>; false when there is none.</summary>
    public bool Remove(BanKind kind, string mask)
    {
        var removed = _bans.Remove((kind, mask));
        removed |= _store.Remove(kind, mask);
        Publish();
        return removed;
    }

    /// <summary>The K-line in force on <paramref name="session"/>'s nick!user@host, or null.</summary>
    public ServerBan? FindUserBan(Session session, DateTimeOffset now)
    {
        if (_bans.Count == 0)
        {
            return null;
        }
        var mask = IrcCaseMapping.Fold(session.Mask);
        foreach (var ban in _bans.Values)
        {
            if (ban.Kind == BanKind.User && !ban.IsExpired(now) && Wildcard.IsMatch(ban.Mask, mask))
            {
                return ban;
            }
        }
        return null;
    }

    /// <summary>The D-line in force on <paramref name="address"/>, or null. Safe to call from any thread.</summary>
    public ServerBan? FindAddressBan(IPAddress? address, DateTimeOffset now)
    {
        var bans = _addressBans;
        if (address is null || bans.Length == 0)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var entry in bans)
        {
            if (entry.Network.Contains(address) && !entry.Ban.IsExpired(now))
            {
                return entry.Ban;
            }
        }
        return null;
    }

    /// <summary>The stored form of a K-line mask: completed to nick!user@host as channel bans are ("bob" is bob!*@*,
    /// "*@host" is *!*@host) and case-folded; null when it cannot be a mask.</summary>
    public static string? NormalizeUserMask(string raw) =>
        BanMask.Normalize(raw) is { } mask ? IrcCaseMapping.Fold(mask) : null;

    /// <summary>The stored form of a D-line: an address alone ("192.0.2.7", "2001:db8::1") or a CIDR range with its host
    /// bits cleared ("192.0.2.0/24"); IPv4-mapped IPv6 is written as IPv4. Null when it is neither.</summary>
    public static string? NormalizeAddressMask(string raw)
    {
        if (IPAddress.TryParse(raw, out var address) && !raw.Contains('/'))
        {
            return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        }
        return IPNetwork.TryParse(raw, out var network) ? network.ToString() : null;
    }

    /// <summary>Whether the D-line <paramref name="mask"/> (in stored form) covers <paramref name="address"/>.</summary>
    public static bool Covers(string mask, IPAddress address) =>
        NetworkOf(mask) is { } network && network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private void DropExpired(DateTimeOffset now)
    {
        List<(BanKind, string)>? expired = null;
        foreach (var (key, ban) in _bans)
        {
            if (ban.IsExpired(now))
            {
                (expired ??= []).Add(key);
            }
        }
        if (expired is null)
        {
            return;
        }
        foreach (var key in expired)
        {
            _bans.Remove(key);
            _store.Remove(key.Item1, key.Item2);
        }
        Publish();
    }

    private void Publish()
    {
        var list = new List<AddressBan>();
        foreach (var ban in _bans.Values)
        {
            if (ban.Kind == BanKind.Address && NetworkOf(ban.Mask) is { } network)
            {
                list.Add(new AddressBan(network, ban));
            }
        }
        _addressBans = [.. list];
    }

    /// <summary>The range of a stored D-line; null for a row that is not one (edited by hand), which then bans nobody.</summary>
    private static IPNetwork? NetworkOf(string mask)
    {
        if (IPNetwork.TryParse(mask, out var network))
        {
            return network;
        }
        return IPAddress.TryParse(mask, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }

    private sealed record AddressBan(IPNetwork Network, ServerBan Ban);
}
