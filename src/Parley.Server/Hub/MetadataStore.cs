namespace Parley.Server.Hub;

/// <summary>The outcome of setting a metadata key.</summary>
public enum MetadataSetResult
{
    /// <summary>The key was not set before.</summary>
    Added,

    /// <summary>The key had another value.</summary>
    Changed,

    /// <summary>The key already had this value: nobody needs to hear of it.</summary>
    Unchanged,

    /// <summary>The target already has the most keys allowed; nothing changed.</summary>
    LimitReached,
}

/// <summary>IRCv3 metadata: key/value pairs on users and rooms, and which keys each session subscribed to. An interface
/// so a shared backend can later replace the in-process one; bounded by <see cref="MetadataLimits"/>.</summary>
public interface IMetadataStore
{
    /// <summary>The value of <paramref name="key"/> on <paramref name="target"/>, or null.</summary>
    string? Get(MetadataTarget target, string key);

    /// <summary>Every key set on <paramref name="target"/> with its value, in the order they were first set.</summary>
    IReadOnlyList<KeyValuePair<string, string>> List(MetadataTarget target);

    /// <summary>Sets <paramref name="key"/>, unless that would take the target past <see cref="MetadataLimits.MaxKeys"/>.</summary>
    MetadataSetResult Set(MetadataTarget target, string key, string value);

    /// <summary>Removes <paramref name="key"/>; false when it was not set.</summary>
    bool Remove(MetadataTarget target, string key);

    /// <summary>Removes every key of <paramref name="target"/> and returns what was removed.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Clear(MetadataTarget target);

    /// <summary>The keys <paramref name="session"/> subscribed to.</summary>
    IReadOnlyCollection<string> Subscriptions(Session session);

    /// <summary>Whether <paramref name="session"/> subscribed to <paramref name="key"/>.</summary>
    bool IsSubscribed(Session session, string key);

    /// <summary>Subscribes <paramref name="session"/> to <paramref name="key"/>; true when it is subscribed afterwards
    /// (already or newly), false when <see cref="MetadataLimits.MaxSubscriptions"/> is reached.</summary>
    bool Subscribe(Session session, string key);

    /// <summary>Ends a subscription; false when there was none.</summary>
    bool Unsubscribe(Session session, string key);

    /// <summary>Drops everything held for <paramref name="target"/> (a session leaving, an empty room going away).</summary>
    void Forget(MetadataTarget target);
}

/// <summary>The in-process metadata store.</summary>
public sealed class MetadataStore : IMetadataStore
{
    private readonly Dictionary<MetadataTarget, List<KeyValuePair<string, string>>> _values = [];
    private readonly Dictionary<Session, HashSet<string>> _subscriptions = [];

    /// <inheritdoc/>
    public string? Get(MetadataTarget target, string key)
    {
        if (_values.TryGetValue(target, out var pairs))
        {
            var i = IndexOf(pairs, key);
            return i < 0 ? null : pairs[i].Value;
        }
        return null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> List(MetadataTarget target) =>
        _values.TryGetValue(target, out var pairs) ? pairs.ToArray() : [];

    /// <inheritdoc/>
    public MetadataSetResult Set(MetadataTarget target, string key, string value)
    {
        if (!_values.TryGetValue(target, out var pairs))
        {
            pairs = [];
            _values[target] = pairs;
        }
        var i = IndexOf(pairs, key);
        if (i >= 0)
        {
            if (pairs[i].Value == value)
            {
                return MetadataSetResult.Unchanged;
            }
            pairs[i] = new(key, value);
            return MetadataSetResult.Changed;
        }
        if (pairs.Count >= MetadataLimits.MaxKeys)
        {
            return MetadataSetResult.LimitReached;
        }
        pairs.Add(new(key, value));
        return MetadataSetResult.Added;
    }

    /// <inheritdoc/>
    public bool Remove(MetadataTarget target, string key)
    {
        if (!_values.TryGetValue(target, out var pairs))
        {
            return false;
        }
        var i = IndexOf(pairs, key);
        if (i < 0)
        {
            return false;
        }
        pairs.RemoveAt(i);
        if (pairs.Count == 0)
        {
            _values.Remove(target);
        }
        return true;
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> Clear(MetadataTarget target) =>
        _values.Remove(target, out var pairs) ? pairs : [];

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Subscriptions(Session session) =>
        _subscriptions.TryGetValue(session, out var keys) ? keys : [];

    /// <inheritdoc/>
    public bool IsSubscribed(Session session, string key) =>
        _subscriptions.TryGetValue(session, out var keys) && keys.Contains(key);

    /// <inheritdoc/>
    public bool Subscribe(Session session, string key)
    {
        if (!_subscriptions.TryGetValue(session, out var keys))
        {
            keys = [];
            _subscriptions[session] = keys;
        }
        if (keys.Contains(key))
        {
            return true;
        }
        if (keys.Count >= MetadataLimits.MaxSubscriptions)
        {
            return false;
        }
        keys.Add(key);
        return true;
    }

    /// <inheritdoc/>
    public bool Unsubscribe(Session session, string key) =>
        _subscriptions.TryGetValue(session, out var keys) && keys.Remove(key);

    /// <inheritdoc/>
    public void Forget(MetadataTarget target)
    {
        _values.Remove(target);
        if (target.User is { } session)
        {
            _subscriptions.Remove(session);
        }
    }

    // A handful of keys per target (MaxKeys): a list keeps the order they were set in and beats a dictionary at this size.
    private static int IndexOf(List<KeyValuePair<string, string>> pairs, string key)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }
}
