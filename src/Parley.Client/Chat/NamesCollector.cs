using Parley.Protocol.Irc;

namespace Parley.Client.Chat;

/// <summary>Gathers a room's RPL_NAMREPLY lines until RPL_ENDOFNAMES, and tells whether that list answers a /who or is
/// the one the server sends on joining.</summary>
/// <remarks>A script may send JOIN and NAMES for the same room back to back; the server answers them in order, so the
/// lists expected for each room are kept in a queue.</remarks>
internal sealed class NamesCollector
{
    private readonly Dictionary<string, List<string>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<bool>> _expected = new(StringComparer.Ordinal);

    /// <summary>Notes that a list is coming for the room: asked for by the user (/who) or sent on joining.</summary>
    public void Expect(string room, bool asked)
    {
        var key = IrcCaseMapping.Fold(room);
        if (!_expected.TryGetValue(key, out var queue))
        {
            _expected[key] = queue = new LinkedList<bool>();
        }
        queue.AddLast(asked);
    }

    /// <summary>A JOIN was refused: the list it would have brought will not come.</summary>
    public void Unexpect(string room)
    {
        if (_expected.TryGetValue(IrcCaseMapping.Fold(room), out var queue))
        {
            queue.Remove(false);
        }
    }

    /// <summary>Adds the names of one 353 line.</summary>
    public void Add(string room, string names)
    {
        var key = IrcCaseMapping.Fold(room);
        if (!_pending.TryGetValue(key, out var list))
        {
            _pending[key] = list = [];
        }
        list.AddRange(names.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The names gathered for the room (empty when none came) and whether the user asked for them.</summary>
    public (List<string> Names, bool Asked) Complete(string room)
    {
        var key = IrcCaseMapping.Fold(room);
        var asked = false;
        if (_expected.TryGetValue(key, out var queue) && queue.First is { } first)
        {
            asked = first.Value;
            queue.RemoveFirst();
            if (queue.Count == 0)
            {
                _expected.Remove(key);
            }
        }
        return (_pending.Remove(key, out var list) ? list : [], asked);
    }
}
