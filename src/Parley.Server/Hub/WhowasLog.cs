using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>One remembered former user, for WHOWAS.</summary>
public sealed record WhowasEntry(string Nick, string UserName, string Host, string RealName, DateTimeOffset LeftAt);

/// <summary>The most recent users who left or changed nick, newest first, bounded in size.</summary>
public sealed class WhowasLog(int capacity = 1000)
{
    private readonly LinkedList<WhowasEntry> _entries = new();

    /// <summary>Remembers a session as it is now.</summary>
    public void Remember(Session session, DateTimeOffset now)
    {
        if (session.Nick is null || session.UserName is null)
        {
            return;
        }
        _entries.AddFirst(new WhowasEntry(session.Nick, session.UserName, session.Host, session.RealName, now));
        if (_entries.Count > capacity)
        {
            _entries.RemoveLast();
        }
    }

    /// <summary>Entries for <paramref name="nick"/>, newest first.</summary>
    public IEnumerable<WhowasEntry> Find(string nick)
    {
        var key = IrcCaseMapping.Fold(nick);
        return _entries.Where(e => IrcCaseMapping.Fold(e.Nick) == key);
    }
}
