namespace Parley.Protocol.Irc;

/// <summary>Why a line could not be taken as an IRC message.</summary>
public enum IrcParseError
{
    /// <summary>The line parsed.</summary>
    None,

    /// <summary>Nothing but spaces, tags or a source: there is no command to answer; ignore it.</summary>
    NoCommand,

    /// <summary>The line is not valid UTF-8; the message was decoded as Latin-1 so it can still be answered.</summary>
    InvalidUtf8,

    /// <summary>The line contains a NUL byte.</summary>
    ContainsNul,

    /// <summary>The part after the tags is longer than 512 bytes with CR LF, or the tag section is longer than the limit
    /// (8191 bytes, or 4096 for a line from a client).</summary>
    TooLong,
}
