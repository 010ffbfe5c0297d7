using Parley.Protocol.Irc;

namespace Parley.Client.Chat;

/// <summary>Gathers a room's RPL_NAMREPLY lines until RPL_ENDOFNAMES, which may be split over several lines.</summary>
internal sealed class NamesCollector
{
    private readonly Dictionary<string, List<string>> _pending = new(StringComparer.Ordinal);

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

    /// <summary>The names gathered for the room (empty when none came), forgetting them.</summary>
    public List<string> Complete(string room)
    {
        var key = IrcCaseMapping.Fold(room);
        if (_pending.Remove(key, out var list))
        {
            return list;
        }
        return [];
    }
}
