namespace Parley.Protocol.Irc;

/// <summary>Sizes fixed by RFC 1459 and IRCv3 message-tags.</summary>
public static class IrcLimits
{
    /// <summary>The longest message without tags, including the final CR LF.</summary>
    public const int MaxBodyBytes = 512;

    /// <summary>The longest tag section a client may send, including the '@' and the trailing space.</summary>
    public const int MaxClientTagBytes = 4096;

    /// <summary>The longest tag section in total, including the '@' and the trailing space.</summary>
    public const int MaxTagBytes = 8191;

    /// <summary>The longest line the framer accepts before reporting it as too long.</summary>
    public const int MaxLineBytes = MaxTagBytes + MaxBodyBytes;

    /// <summary>The longest source the writer puts on a line, in bytes: half the body, so that cutting a line to
    /// <see cref="MaxBodyBytes"/> never leaves it without its command (a real nick!user@host is far shorter).</summary>
    public const int MaxSourceBytes = (MaxBodyBytes - 2) / 2;

    /// <summary>The most parameters a message may carry; the last one takes the rest of the line.</summary>
    public const int MaxParameters = 15;
}
