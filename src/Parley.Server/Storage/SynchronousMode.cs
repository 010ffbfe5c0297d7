namespace Parley.Server.Storage;

/// <summary>How long a history commit waits for the disk (History:Synchronous).</summary>
public enum SynchronousMode
{
    /// <summary>The commit is written to the log, not synced: it survives the server being killed, not a power cut or a
    /// kernel crash (which can take the last second or so of messages). No fsync per commit.</summary>
    Normal,

    /// <summary>The log is synced at every commit: a message is on the disk itself before anyone sees it. Costs one fsync
    /// per hub batch (milliseconds on an ordinary disk).</summary>
    Full,
}
