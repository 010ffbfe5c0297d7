using System.Text;
using Parley.Protocol.Irc;

namespace Parley.Client;

/// <summary>Which nick to ask for: the default one, and the next one to try when a nick is taken.</summary>
public static class NickChoice
{
    /// <summary>How many nicks the client tries during registration before giving up.</summary>
    public const int MaxAttempts = 20;

    /// <summary>The login name made into a valid nick, or a guest name when nothing usable is left of it.</summary>
    public static string Default(string? userName, Random random)
    {
        var nick = Sanitize(userName);
        return nick ?? Guest(random);
    }

    /// <summary>A guest nick such as guest4821.</summary>
    public static string Guest(Random random) => "guest" + random.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The nick to try after <paramref name="attempt"/> refusals of <paramref name="wanted"/>: NAME_, then NAME1,
    /// NAME2..., each cut so that it stays within the nick length limit.</summary>
    public static string Candidate(string wanted, int attempt)
    {
        if (attempt <= 0)
        {
            return wanted;
        }
        var suffix = attempt == 1 ? "_" : (attempt - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var room = IrcNames.MaxNickLength - suffix.Length;
        return (wanted.Length > room ? wanted[..room] : wanted) + suffix;
    }

    /// <summary>Keeps the characters a nick may hold; null when no valid nick remains.</summary>
    internal static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '[' or ']' or '\\' or '`' or '^' or '{' or '|' or '}')
            {
                sb.Append(c);
            }
        }
        // A nick cannot start with a digit or '-': drop them from the front rather than invent a letter.
        var nick = sb.ToString().TrimStart('-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        if (nick.Length > IrcNames.MaxNickLength)
        {
            nick = nick[..IrcNames.MaxNickLength];
        }
        return IrcNames.IsValidNick(nick) ? nick : null;
    }
}
