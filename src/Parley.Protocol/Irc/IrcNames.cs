namespace Parley.Protocol.Irc;

/// <summary>What a valid nickname and channel name look like on Parley (advertised in ISUPPORT).</summary>
public static class IrcNames
{
    /// <summary>The longest nickname (ISUPPORT NICKLEN).</summary>
    public const int MaxNickLength = 30;

    /// <summary>The longest channel name, with its '#' (ISUPPORT CHANNELLEN).</summary>
    public const int MaxChannelLength = 50;

    /// <summary>The channel prefixes (ISUPPORT CHANTYPES).</summary>
    public const string ChannelTypes = "#";

    /// <summary>A nickname: a letter or one of []\`_^{|} first, then also digits and '-'; at most <see cref="MaxNickLength"/>.</summary>
    public static bool IsValidNick(string nick)
    {
        if (nick.Length == 0 || nick.Length > MaxNickLength)
        {
            return false;
        }
        if (!IsNickFirst(nick[0]))
        {
            return false;
        }
        for (var i = 1; i < nick.Length; i++)
        {
            var c = nick[i];
            if (!IsNickFirst(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A channel name: '#' then 1 to 49 characters other than space, comma, BEL, NUL, CR and LF.</summary>
    public static bool IsValidChannel(string name)
    {
        if (name.Length < 2 || name.Length > MaxChannelLength || !IsChannelName(name))
        {
            return false;
        }
        foreach (var c in name.AsSpan(1))
        {
            if (c is ' ' or ',' or '\a' or '\0' or '\r' or '\n' or ':')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether a target names a channel (by its prefix) rather than a nick.</summary>
    public static bool IsChannelName(string target) => target.Length > 0 && ChannelTypes.Contains(target[0]);

    private static bool IsNickFirst(char c) => char.IsAsciiLetter(c) || c is '[' or ']' or '\\' or '`' or '_' or '^' or '{' or '|' or '}';
}
