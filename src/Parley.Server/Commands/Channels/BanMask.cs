namespace Parley.Server.Commands.Channels;

/// <summary>Ban masks in their full nick!user@host form, so "bob" bans bob!*@* and lists show what matches.</summary>
internal static class BanMask
{
    /// <summary>The longest mask kept; longer ones are refused rather than cut (a cut mask bans someone else).</summary>
    public const int MaxLength = 100;

    /// <summary>The prefix of a mute extban (ISUPPORT EXTBAN=,m): "m:mask" in +b stops a user speaking but not joining.</summary>
    public const string MutePrefix = "m:";

    /// <summary>Whether a normalized mask is a mute extban.</summary>
    public static bool IsMute(string mask) => mask.StartsWith(MutePrefix, StringComparison.Ordinal);

    /// <summary>The full form of <paramref name="raw"/>, or null when it cannot be a mask.</summary>
    /// <remarks>"bob" gives bob!*@*, "*@host" gives *!*@host, "bob!u" gives bob!u@*; empty parts become "*".
    /// With <paramref name="allowMute"/>, "m:bob" gives m:bob!*@*.</remarks>
    public static string? Normalize(string raw, bool allowMute = false)
    {
        if (allowMute && IsMute(raw))
        {
            var inner = Normalize(raw[MutePrefix.Length..]);
            return inner is not null && MutePrefix.Length + inner.Length <= MaxLength ? MutePrefix + inner : null;
        }
        if (raw.Length == 0 || raw[0] == ':' || raw.Any(c => c is ' ' or ',' or '\0' or '\r' or '\n'))
        {
            return null;
        }
        string nick, user, host;
        var at = raw.IndexOf('@');
        var bang = raw.IndexOf('!');
        if (bang >= 0 && (at < 0 || bang < at))
        {
            nick = raw[..bang];
            var rest = raw[(bang + 1)..];
            var restAt = rest.IndexOf('@');
            user = restAt >= 0 ? rest[..restAt] : rest;
            host = restAt >= 0 ? rest[(restAt + 1)..] : "*";
        }
        else if (at >= 0)
        {
            nick = "*";
            user = raw[..at];
            host = raw[(at + 1)..];
        }
        else
        {
            nick = raw;
            user = "*";
            host = "*";
        }
        var mask = $"{OrStar(nick)}!{OrStar(user)}@{OrStar(host)}";
        return mask.Length <= MaxLength ? mask : null;
    }

    private static string OrStar(string part) => part.Length == 0 ? "*" : part;
}
