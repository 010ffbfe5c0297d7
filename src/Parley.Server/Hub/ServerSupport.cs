using Parley.Protocol.Irc;
using Parley.Server.Hosting;

namespace Parley.Server.Hub;

/// <summary>What the server tells clients about itself: version, modes, and the ISUPPORT (005) tokens.</summary>
public sealed class ServerSupport
{
    /// <summary>The longest topic, kick reason and away message.</summary>
    public const int TextLength = 390;

    /// <summary>The most targets in one PRIVMSG or NOTICE.</summary>
    public const int MaxTargets = 4;

    /// <summary>The longest real name (SETNAME), short enough that a WHO reply with the longest names still fits in
    /// 512 bytes.</summary>
    public const int RealNameLength = 200;

    /// <summary>The most rooms a session may be in.</summary>
    public const int MaxRooms = 50;

    /// <summary>The most mode changes with a parameter in one MODE command.</summary>
    public const int MaxModesPerCommand = 4;

    /// <summary>The longest room key (+k), as in RFC 2812's grammar.</summary>
    public const int KeyLength = 23;

    /// <summary>The most entries in each of a room's mask lists (+b, +e, +I).</summary>
    public const int MaxListEntries = 100;

    /// <summary>The most nicks one session may MONITOR.</summary>
    public const int MaxMonitorEntries = 100;

    /// <summary>The most bytes of text in one multiline message (draft/multiline max-bytes), line breaks included.</summary>
    public const int MultilineMaxBytes = 4096;

    /// <summary>The most lines in one multiline message (draft/multiline max-lines).</summary>
    public const int MultilineMaxLines = 100;

    /// <summary>Creates the support tokens for the given settings.</summary>
    public ServerSupport(ServerOptions options)
    {
        Tokens =
        [
            $"AWAYLEN={TextLength}",
            $"BOT={UserModeLetters.BotLetter}",
            $"CASEMAPPING={IrcCaseMapping.Name}",
            $"CHANLIMIT={IrcNames.ChannelTypes}:{MaxRooms}",
            "CHANMODES=beI,k,l,CQimnst",
            $"CHANNELLEN={IrcNames.MaxChannelLength}",
            $"CHANTYPES={IrcNames.ChannelTypes}",
            "ELIST=MNU",
            "EXCEPTS=e",
            "EXTBAN=,m",
            "INVEX=I",
            $"KEYLEN={KeyLength}",
            $"KICKLEN={TextLength}",
            $"MAXLIST=b:{MaxListEntries},e:{MaxListEntries},I:{MaxListEntries}",
            $"MAXTARGETS={MaxTargets}",
            $"MODES={MaxModesPerCommand}",
            $"MONITOR={MaxMonitorEntries}",
            $"NETWORK={options.Network}",
            $"NICKLEN={IrcNames.MaxNickLength}",
            "PREFIX=(ov)@+",
            "STATUSMSG=@+",
            $"TARGMAX=JOIN:,KICK:{MaxTargets},NAMES:1,NOTICE:{MaxTargets},PART:,PRIVMSG:{MaxTargets},WHOIS:1",
            $"TOPICLEN={TextLength}",
            "UTF8ONLY",
            "USERLEN=18",
            "WHOX",
        ];
        if (options.History.Enabled)
        {
            Tokens.Add($"CHATHISTORY={options.History.MaxQueryLines}");
            Tokens.Add("MSGREFTYPES=msgid,timestamp");
        }
    }

    /// <summary>The software version (RPL_YOURHOST, RPL_MYINFO, VERSION).</summary>
    public string Version { get; } = "parley-" + (typeof(ServerSupport).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");

    /// <summary>User mode letters (RPL_MYINFO).</summary>
    public string UserModes => UserModeLetters.All;

    /// <summary>Channel mode letters (RPL_MYINFO).</summary>
    public string ChannelModes => "CIQbeiklmnostv";

    /// <summary>Channel mode letters that take a parameter (the last field of RPL_MYINFO).</summary>
    public string ChannelModesWithParameter => "Ibeklov";

    /// <summary>The ISUPPORT tokens; mutable so later features can add theirs at start-up.</summary>
    public List<string> Tokens { get; }
}
