namespace Parley.Server.Hub;

/// <summary>What metadata is attached to: a user (their session) or a room. Compared by identity, so a room that is
/// emptied and created again, or a nick taken by someone new, never inherits the old owner's metadata.</summary>
public readonly record struct MetadataTarget
{
    private MetadataTarget(object owner) => Owner = owner;

    /// <summary>The session or the room.</summary>
    public object Owner { get; }

    /// <summary>The user, when the target is one.</summary>
    public Session? User => Owner as Session;

    /// <summary>The room, when the target is one.</summary>
    public Room? Room => Owner as Room;

    /// <summary>A user's metadata.</summary>
    public static implicit operator MetadataTarget(Session session) => new(session);

    /// <summary>A room's metadata.</summary>
    public static implicit operator MetadataTarget(Room room) => new(room);

    /// <inheritdoc/>
    public override string ToString() => Owner.ToString() ?? string.Empty;
}
