using Parley.Protocol.Irc;

namespace Parley.Server.Storage;

/// <summary>How history names where a message belongs.</summary>
public static class HistoryTargets
{
    /// <summary>A room's key: its case-folded name.</summary>
    public static string Room(string name) => IrcCaseMapping.Fold(name);

    /// <summary>A private conversation's key: both sides' case-folded nicks in order, so A to B and B to A are one
    /// conversation.</summary>
    public static string Conversation(string nickA, string nickB)
    {
        var a = IrcCaseMapping.Fold(nickA);
        var b = IrcCaseMapping.Fold(nickB);
        return string.CompareOrdinal(a, b) <= 0 ? $"{a} {b}" : $"{b} {a}";
    }
}
