using System.Runtime.CompilerServices;
using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Where read markers (IRCv3 draft/read-marker) live: for each user, the time of the last message they read
/// in each target (room or nick).</summary>
/// <remarks>Until Parley has accounts a user is one session, so <see cref="SessionReadMarkerStore"/> keeps markers with
/// the session; an account-backed store can replace it behind this interface, and markers then outlive connections.</remarks>
public interface IReadMarkerStore
{
    /// <summary>The last-read time of <paramref name="target"/> (any case) for the session's user, or null when unknown.</summary>
    DateTimeOffset? Get(Session session, string target);

    /// <summary>Moves the marker of <paramref name="target"/> forward to <paramref name="timestamp"/>; a marker never
    /// moves back. Returns the marker as stored afterwards.</summary>
    DateTimeOffset Advance(Session session, string target, DateTimeOffset timestamp);
}

/// <summary>Read markers kept per session, forgotten with it.</summary>
/// <remarks>Held in a weak table keyed by the session, so a session that leaves takes its markers with it without the
/// hub having to remember to clear them. Used only on the hub's thread.</remarks>
public sealed class SessionReadMarkerStore : IReadMarkerStore
{
    private readonly ConditionalWeakTable<Session, Dictionary<string, DateTimeOffset>> _bySession = [];

    /// <inheritdoc/>
    public DateTimeOffset? Get(Session session, string target) =>
        _bySession.TryGetValue(session, out var markers) && markers.TryGetValue(IrcCaseMapping.Fold(target), out var at) ? at : null;

    /// <inheritdoc/>
    public DateTimeOffset Advance(Session session, string target, DateTimeOffset timestamp)
    {
        var markers = _bySession.GetOrCreateValue(session);
        var key = IrcCaseMapping.Fold(target);
        if (markers.TryGetValue(key, out var stored) && stored >= timestamp)
        {
            return stored;
        }
        markers[key] = timestamp;
        return timestamp;
    }
}
