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

    /// <summary>Where the message <paramref name="msgid"/> of <paramref name="target"/> stands in history, or null when
    /// the target has no such (committed) message.</summary>
    HistoryPosition? Locate(string target, string msgid);

    /// <summary>Up to <paramref name="limit"/> PRIVMSGs and NOTICEs of <paramref name="target"/> strictly between
    /// <paramref name="after"/> and <paramref name="before"/> (null: no bound on that side), oldest first: the oldest
    /// such messages, or with <paramref name="newest"/> the newest. Only committed messages are seen.</summary>
    IReadOnlyList<HistoryEntry> Range(string target, HistoryPosition? after, HistoryPosition? before, int limit, bool newest);

    /// <summary>The newest PRIVMSG or NOTICE of <paramref name="target"/>, or null.</summary>
    HistoryEntry? Newest(string target);

    /// <summary>The newest PRIVMSG or NOTICE of each private conversation <paramref name="nick"/> (case-folded) takes
    /// part in (see <see cref="HistoryTargets.Conversation"/>).</summary>
    IReadOnlyList<HistoryEntry> Conversations(string nick);

    /// <summary>The message <paramref name="msgid"/> of <paramref name="target"/> (committed or still pending), or null.</summary>
    HistoryEntry? Find(string target, string msgid);

    /// <summary>Removes the message <paramref name="msgid"/> of <paramref name="target"/> (committed or still pending);
    /// false when there is none.</summary>
    bool Delete(string target, string msgid);

    /// <summary>Deletes up to <paramref name="maxRows"/> of the oldest messages older than <paramref name="cutoff"/>;
    /// returns how many went. Call again while it returns <paramref name="maxRows"/>.</summary>
    int DeleteOlderThan(DateTimeOffset cutoff, int maxRows);

    /// <summary>Visits up to <paramref name="maxTargets"/> targets, going on from where the last call stopped (wrapping
    /// round), and deletes the messages of each past its newest <paramref name="keep"/>, at most
    /// <paramref name="maxRows"/> rows in all; returns how many went.</summary>
    int TrimTargets(int keep, int maxTargets, int maxRows);
}
