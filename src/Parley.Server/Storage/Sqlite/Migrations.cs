namespace Parley.Server.Storage.Sqlite;

/// <summary>Every schema step, oldest first. A released step is never edited: a change to the schema is a new step at
/// the end, so every database, however old, reaches the same schema (tests/Parley.Server.Tests/Storage checks this).</summary>
public static class Migrations
{
    /// <summary>The steps, in version order.</summary>
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "history: messages", """
            CREATE TABLE messages (
                id        INTEGER PRIMARY KEY,  -- the order messages were relayed in
                msgid     TEXT NOT NULL UNIQUE,
                time      INTEGER NOT NULL,     -- Unix milliseconds
                target    TEXT NOT NULL,        -- case-folded room name, or a private conversation's key
                sender    TEXT NOT NULL,        -- nick!user@host
                account   TEXT,
                command   TEXT NOT NULL,        -- PRIVMSG, NOTICE, TAGMSG
                recipient TEXT NOT NULL,        -- the target as written in the message
                text      TEXT,
                tags      TEXT NOT NULL         -- client-only tags in wire form
            );
            CREATE INDEX messages_by_target ON messages (target, id);
            CREATE INDEX messages_by_time ON messages (target, time);
            -- A private conversation's key is "a b" (see HistoryTargets.Conversation): messages_by_target finds those
            -- where a nick is first, this one those where it is second (CHATHISTORY TARGETS).
            CREATE INDEX messages_by_second_party ON messages (substr(target, instr(target, ' ') + 1), target, time)
                WHERE instr(target, ' ') > 0;
            """),
        new(2, "accounts", SqliteAccountStore.Schema),
        new(3, "server bans (KLINE, DLINE)", SqliteBanStore.Schema),
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All.Count == 0 ? 0 : All[^1].Version;
}
