namespace Parley.Protocol.Irc;

/// <summary>The "rfc1459" case mapping advertised in ISUPPORT: ASCII letters plus []\~ as the upper case of {}|^.</summary>
public static class IrcCaseMapping
{
    /// <summary>The ISUPPORT CASEMAPPING token value.</summary>
    public const string Name = "rfc1459";

    /// <summary>The folded (lower-case) form of a nick or channel name, used as the key of every lookup.</summary>
    public static string Fold(string name)
    {
        var span = name.AsSpan();
        var i = 0;
        for (; i < span.Length; i++)
        {
            if (FoldChar(span[i]) != span[i])
            {
                break;
            }
        }
        if (i == span.Length)
        {
            return name;
        }
        return string.Create(name.Length, name, static (dest, src) =>
        {
            for (var j = 0; j < src.Length; j++)
            {
                dest[j] = FoldChar(src[j]);
            }
        });
    }

    /// <summary>Whether two names are equal under this case mapping.</summary>
    public static bool AreEqual(string a, string b) =>
        a.Length == b.Length && string.Equals(Fold(a), Fold(b), StringComparison.Ordinal);

    private static char FoldChar(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        '[' => '{',
        ']' => '}',
        '\\' => '|',
        '~' => '^',
        _ => c,
    };
}
