namespace Parley.Server.Storage;

/// <summary>Where relayed messages are kept. Called only on the hub's thread.</summary>
/// <remarks>The hub appends each message as it relays it and commits once per batch of work, before the batch's output
/// is flushed (<see cref="Hub.ChatHub.EndOfBatch"/>): a client can only see a message that is already durable, and one
/// commit covers everything a batch relayed (group commit).</remarks>
public interface IHistoryStore
{
    /// <summary>Whether messages are kept at all (History:Enabled).</summary>
    bool Enabled { get; }

    /// <summary>Adds a message to the batch being built; durable once <see cref="Commit"/> returns.</summary>
    void Append(HistoryEntry entry);

    /// <summary>Makes everything appended so far durable, in one transaction. Throws
    /// <see cref="HistoryCommitException"/> when it cannot (a full disk): nothing is then committed, and the entries stay
    /// pending for the next call.</summary>
    void Commit();

    /// <summary>The newest <paramref name="limit"/> messages of <paramref name="target"/>, oldest first, including
    /// ones appended but not yet committed.</summary>
    IReadOnlyList<HistoryEntry> Latest(string target, int limit);
}
