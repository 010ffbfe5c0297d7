using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Who holds which nick. An interface so a shared backend can later replace the in-process one.</summary>
public interface INickRegistry
{
    /// <summary>The number of nicks held.</summary>
    int Count { get; }

    /// <summary>The session holding <paramref name="nick"/> (any case), or null.</summary>
    Session? Find(string nick);

    /// <summary>Gives <paramref name="nick"/> to <paramref name="session"/>, releasing its old nick; false when another holds it.</summary>
    bool TryClaim(string nick, Session session);

    /// <summary>Releases the session's nick.</summary>
    void Release(Session session);

    /// <summary>Every session holding a nick.</summary>
    IEnumerable<Session> All { get; }
}

/// <summary>Which rooms exist. An interface so a shared backend can later replace the in-process one.</summary>
public interface IRoomRegistry
{
    /// <summary>The number of rooms.</summary>
    int Count { get; }

    /// <summary>The room named <paramref name="name"/> (any case), or null.</summary>
    Room? Find(string name);

    /// <summary>The room named <paramref name="name"/>, created when missing.</summary>
    Room GetOrCreate(string name, DateTimeOffset now, out bool created);

    /// <summary>Forgets an empty room.</summary>
    void Remove(Room room);

    /// <summary>Renames <paramref name="room"/> (a change of case included); false when another room has the new name.</summary>
    bool TryRename(Room room, string newName);

    /// <summary>Every room.</summary>
    IEnumerable<Room> All { get; }
}

/// <summary>The in-process nick registry.</summary>
public sealed class NickRegistry : INickRegistry
{
    private readonly Dictionary<string, Session> _byKey = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public int Count => _byKey.Count;

    /// <inheritdoc/>
    public IEnumerable<Session> All => _byKey.Values;

    /// <inheritdoc/>
    public Session? Find(string nick) => _byKey.GetValueOrDefault(IrcCaseMapping.Fold(nick));

    /// <inheritdoc/>
    public bool TryClaim(string nick, Session session)
    {
        var key = IrcCaseMapping.Fold(nick);
        if (_byKey.TryGetValue(key, out var holder) && holder != session)
        {
            return false;
        }
        Release(session);
        _byKey[key] = session;
        return true;
    }

    /// <inheritdoc/>
    public void Release(Session session)
    {
        if (session.Nick is { } old)
        {
            var key = IrcCaseMapping.Fold(old);
            if (_byKey.TryGetValue(key, out var holder) && holder == session)
            {
                _byKey.Remove(key);
            }
        }
    }
}

/// <summary>The in-process room registry.</summary>
public sealed class RoomRegistry : IRoomRegistry
{
    private readonly Dictionary<string, Room> _byKey = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public int Count => _byKey.Count;

    /// <inheritdoc/>
    public IEnumerable<Room> All => _byKey.Values;

    /// <inheritdoc/>
    public Room? Find(string name) => _byKey.GetValueOrDefault(IrcCaseMapping.Fold(name));

    /// <inheritdoc/>
    public Room GetOrCreate(string name, DateTimeOffset now, out bool created)
    {
        var key = IrcCaseMapping.Fold(name);
        if (_byKey.TryGetValue(key, out var room))
        {
            created = false;
            return room;
        }
        room = new Room(name, now);
        _byKey[key] = room;
        created = true;
        return room;
    }

    /// <inheritdoc/>
    public void Remove(Room room) => _byKey.Remove(room.Key);

    /// <inheritdoc/>
    public bool TryRename(Room room, string newName)
    {
        var key = IrcCaseMapping.Fold(newName);
        if (_byKey.TryGetValue(key, out var holder) && holder != room)
        {
            return false;
        }
        _byKey.Remove(room.Key);
        room.Rename(newName);
        _byKey[key] = room;
        return true;
    }
}
