namespace Parley.Server.Hub;

/// <summary>User modes a session can hold.</summary>
[Flags]
public enum UserModes
{
    /// <summary>No mode.</summary>
    None = 0,

    /// <summary>+i: hidden from WHO and NAMES of those who share no channel with the user.</summary>
    Invisible = 1 << 0,

    /// <summary>+o: an IRC operator (set only by OPER or the server).</summary>
    Operator = 1 << 1,

    /// <summary>+w: receives WALLOPS.</summary>
    Wallops = 1 << 2,

    /// <summary>+B: marks a bot (IRCv3 bot-mode): WHOIS says so (335), WHO shows 'B', its messages carry the bot tag.</summary>
    Bot = 1 << 3,
}

/// <summary>Letters of the user modes.</summary>
public static class UserModeLetters
{
    /// <summary>All user mode letters (RPL_MYINFO).</summary>
    public const string All = "Biow";

    /// <summary>The bot mode letter (ISUPPORT BOT=).</summary>
    public const char BotLetter = 'B';

    /// <summary>The flag of a letter, or <see cref="UserModes.None"/> for an unknown letter.</summary>
    public static UserModes Find(char letter) => letter switch
    {
        'i' => UserModes.Invisible,
        'o' => UserModes.Operator,
        'w' => UserModes.Wallops,
        BotLetter => UserModes.Bot,
        _ => UserModes.None,
    };

    /// <summary>The modes as "+iw" (or "+" when none), in the order of <see cref="All"/>.</summary>
    public static string Format(UserModes modes)
    {
        var s = "+";
        if (modes.HasFlag(UserModes.Bot)) { s += BotLetter; }
        if (modes.HasFlag(UserModes.Invisible)) { s += "i"; }
        if (modes.HasFlag(UserModes.Operator)) { s += "o"; }
        if (modes.HasFlag(UserModes.Wallops)) { s += "w"; }
        return s;
    }
}
