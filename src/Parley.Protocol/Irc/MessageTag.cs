namespace Parley.Protocol.Irc;

/// <summary>One IRCv3 message tag; a tag without a value has an empty <see cref="Value"/>.</summary>
public readonly record struct MessageTag(string Key, string Value)
{
    /// <summary>Client-only tags start with '+' and are relayed only to clients that negotiated message-tags.</summary>
    public bool IsClientOnly => Key.Length > 0 && Key[0] == '+';
}
