using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Who MONITORs which nick (IRCv3 monitor): for each folded nick the sessions watching it, and for each
/// watcher its list, with the nicks as the watcher spelled them (MONITOR L).</summary>
/// <remarks>Owned by the hub like the other registries; keyed by folded nick so that a watched nick matches whoever
/// holds it in any case.</remarks>
public sealed class MonitorRegistry
{
    private readonly Dictionary<string, HashSet<Session>> _watchersByNick = new(StringComparer.Ordinal);
    private readonly Dictionary<Session, Dictionary<string, string>> _listsByWatcher = [];

    /// <summary>How many nicks <paramref name="watcher"/> monitors.</summary>
    public int CountOf(Session watcher) => _listsByWatcher.TryGetValue(watcher, out var list) ? list.Count : 0;

    /// <summary>The nicks <paramref name="watcher"/> monitors, as it spelled them.</summary>
    public IReadOnlyCollection<string> ListOf(Session watcher) =>
        _listsByWatcher.TryGetValue(watcher, out var list) ? list.Values : [];

    /// <summary>Whether <paramref name="watcher"/> monitors <paramref name="nick"/> (any case).</summary>
    public bool IsWatching(Session watcher, string nick) =>
        _listsByWatcher.TryGetValue(watcher, out var list) && list.ContainsKey(IrcCaseMapping.Fold(nick));

    /// <summary>The sessions monitoring <paramref name="nick"/> (any case); empty when nobody does.</summary>
    public IReadOnlyCollection<Session> WatchersOf(string nick) =>
        _watchersByNick.TryGetValue(IrcCaseMapping.Fold(nick), out var watchers) ? watchers : [];

    /// <summary>Adds <paramref name="nick"/> to the watcher's list; false (and no change) when the list already holds
    /// <paramref name="limit"/> other nicks. Adding a nick already on the list succeeds and changes nothing.</summary>
    public bool TryAdd(Session watcher, string nick, int limit)
    {
        var key = IrcCaseMapping.Fold(nick);
        if (!_listsByWatcher.TryGetValue(watcher, out var list))
        {
            list = new Dictionary<string, string>(StringComparer.Ordinal);
            _listsByWatcher[watcher] = list;
        }
        if (list.ContainsKey(key))
        {
            return true;
        }
        if (list.Count >= limit)
        {
            return false;
        }
        list[key] = nick;
        if (!_watchersByNick.TryGetValue(key, out var watchers))
        {
            watchers = [];
            _watchersByNick[key] = watchers;
        }
        watchers.Add(watcher);
        return true;
    }

    /// <summary>Takes <paramref name="nick"/> (any case) off the watcher's list.</summary>
    public void Remove(Session watcher, string nick)
    {
        var key = IrcCaseMapping.Fold(nick);
        if (_listsByWatcher.TryGetValue(watcher, out var list) && list.Remove(key))
        {
            Unwatch(watcher, key);
        }
    }

    /// <summary>Empties the watcher's list (MONITOR C, and when the watcher leaves).</summary>
    public void Clear(Session watcher)
    {
        if (!_listsByWatcher.Remove(watcher, out var list))
        {
            return;
        }
        foreach (var key in list.Keys)
        {
            Unwatch(watcher, key);
        }
    }

    /// <summary>The number of distinct nicks someone monitors (tests check that nothing is left behind).</summary>
    public int WatchedNickCount => _watchersByNick.Count;

    private void Unwatch(Session watcher, string key)
    {
        if (_watchersByNick.TryGetValue(key, out var watchers) && watchers.Remove(watcher) && watchers.Count == 0)
        {
            _watchersByNick.Remove(key);
        }
    }
}
