using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>Who hears about metadata, and when: subscribers when a value changes, a joiner about the room and its
/// members, the members about a newcomer, a client about itself on registration, and WHOIS.</summary>
/// <remarks>Only sessions that negotiated draft/metadata-3 are told anything, and only about keys they subscribed to
/// (except their own metadata on registration, which they set themselves).</remarks>
internal static class MetadataNotifications
{
    /// <summary>After <paramref name="key"/> changed on <paramref name="target"/> (a null value: it was removed): tells
    /// the subscribers who follow the target, except <paramref name="originator"/>, who already has the reply.</summary>
    /// <remarks>A room is followed by its members; a user by everyone sharing a room with them and by the user
    /// themselves (an operator may change someone else's metadata).</remarks>
    public static void Changed(ChatHub hub, Session originator, MetadataTarget target, string targetName, string key, string? value)
    {
        IEnumerable<Session> followers;
        if (target.Room is { } room)
        {
            followers = room.Members.Keys;
        }
        else
        {
            var user = target.User!;
            var peers = hub.Peers(user);
            peers.Add(user);
            followers = peers;
        }
        var recipients = followers.Where(s => s != originator && Follows(hub, s, key));
        hub.SendToMany(recipients, MetadataReplies.Notification(hub, targetName, key, value));
    }

    /// <summary>After <paramref name="joiner"/> entered <paramref name="room"/>: the joiner gets the room's and the
    /// members' values of the keys it subscribed to, and members who did not share a room with the joiner before get its
    /// values of the keys they subscribed to.</summary>
    public static void Joined(ChatHub hub, Session joiner, Room room)
    {
        if (joiner.Has(Capability.Metadata))
        {
            SyncRoom(hub, joiner, room, sendEmpty: false);
        }

        var values = hub.Metadata.List(joiner);
        if (values.Count == 0)
        {
            return;
        }
        var newcomers = room.Members.Keys
            .Where(m => m != joiner && m.Has(Capability.Metadata) && !SharesAnotherRoom(joiner, m, room))
            .ToList();
        foreach (var (key, value) in values)
        {
            var recipients = newcomers.Where(m => hub.Metadata.IsSubscribed(m, key));
            hub.SendToMany(recipients, MetadataReplies.Notification(hub, joiner.Nick!, key, value));
        }
    }

    /// <summary>Part of the registration burst: a metadata-capable client gets its own metadata (what it set before
    /// registering), in a batch that is sent even when empty so the client knows there is nothing.</summary>
    public static void Registered(ChatHub hub, Session session)
    {
        if (!session.Has(Capability.Metadata))
        {
            return;
        }
        var nick = session.Nick!;
        using var batch = ReplyBatch.Open(hub, session, "metadata", nick);
        foreach (var (key, value) in hub.Metadata.List(session))
        {
            MetadataReplies.KeyValue(batch, nick, key, value);
        }
    }

    /// <summary>RPL_WHOISKEYVALUE lines for a metadata-capable viewer.</summary>
    public static void Whois(ChatHub hub, Session viewer, Session target)
    {
        if (!viewer.Has(Capability.Metadata))
        {
            return;
        }
        foreach (var (key, value) in hub.Metadata.List(target))
        {
            hub.SendNumeric(viewer, Numerics.RPL_WHOISKEYVALUE, target.Nick!, key, MetadataReplies.Visible, value);
        }
    }

    /// <summary>A room's and its other members' values of the keys <paramref name="to"/> subscribed to, in a metadata
    /// batch (METADATA SYNC, and on join, where an empty batch is left out).</summary>
    public static void SyncRoom(ChatHub hub, Session to, Room room, bool sendEmpty)
    {
        var lines = new List<(string Target, string Key, string Value)>();
        if (hub.Metadata.Subscriptions(to).Count > 0)
        {
            AddSubscribed(hub, to, room.Name, room, lines);
            foreach (var member in room.Members.Keys)
            {
                if (member != to)
                {
                    AddSubscribed(hub, to, member.Nick!, member, lines);
                }
            }
        }
        Play(hub, to, room.Name, lines, sendEmpty);
    }

    /// <summary>A user's values of the keys <paramref name="to"/> subscribed to, in a metadata batch (METADATA SYNC).</summary>
    public static void SyncUser(ChatHub hub, Session to, Session user, string name)
    {
        var lines = new List<(string Target, string Key, string Value)>();
        AddSubscribed(hub, to, name, user, lines);
        Play(hub, to, name, lines, sendEmpty: true);
    }

    /// <summary>After <paramref name="to"/> subscribed to <paramref name="keys"/>: their current values on everything it
    /// follows (its rooms and their members), so it need not wait for the next change.</summary>
    public static void SendCurrent(ChatHub hub, Session to, IReadOnlyCollection<string> keys)
    {
        var replies = ReplyBatch.None(hub, to);
        var seen = new HashSet<Session> { to };
        foreach (var room in to.Rooms)
        {
            SendValues(hub, replies, room.Name, room, keys);
            foreach (var member in room.Members.Keys)
            {
                if (seen.Add(member))
                {
                    SendValues(hub, replies, member.Nick!, member, keys);
                }
            }
        }
    }

    private static void SendValues(ChatHub hub, ReplyBatch replies, string name, MetadataTarget target, IReadOnlyCollection<string> keys)
    {
        foreach (var (key, value) in hub.Metadata.List(target))
        {
            if (keys.Contains(key))
            {
                MetadataReplies.KeyValue(replies, name, key, value);
            }
        }
    }

    private static void AddSubscribed(ChatHub hub, Session to, string name, MetadataTarget target, List<(string, string, string)> lines)
    {
        foreach (var (key, value) in hub.Metadata.List(target))
        {
            if (hub.Metadata.IsSubscribed(to, key))
            {
                lines.Add((name, key, value));
            }
        }
    }

    private static void Play(ChatHub hub, Session to, string batchTarget, List<(string Target, string Key, string Value)> lines, bool sendEmpty)
    {
        if (lines.Count == 0 && !sendEmpty)
        {
            return;
        }
        using var batch = ReplyBatch.Open(hub, to, "metadata", batchTarget);
        foreach (var (target, key, value) in lines)
        {
            MetadataReplies.KeyValue(batch, target, key, value);
        }
    }

    private static bool Follows(ChatHub hub, Session session, string key) =>
        session.Has(Capability.Metadata) && hub.Metadata.IsSubscribed(session, key);

    private static bool SharesAnotherRoom(Session a, Session b, Room except)
    {
        foreach (var room in a.Rooms)
        {
            if (room != except && room.Contains(b))
            {
                return true;
            }
        }
        return false;
    }
}
