using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>The shapes of metadata lines: RPL_KEYVALUE and RPL_KEYNOTSET, for one recipient or for many.</summary>
internal static class MetadataReplies
{
    /// <summary>The visibility field: every key Parley holds is visible to everyone who may see its target.</summary>
    public const string Visible = "*";

    /// <summary>The text of RPL_KEYNOTSET.</summary>
    public const string NotSetText = "key not set";

    /// <summary>RPL_KEYVALUE to the batch's recipient.</summary>
    public static void KeyValue(ReplyBatch batch, string target, string key, string value) =>
        batch.Numeric(Numerics.RPL_KEYVALUE, target, key, Visible, value);

    /// <summary>RPL_KEYNOTSET to the batch's recipient.</summary>
    public static void KeyNotSet(ReplyBatch batch, string target, string key) =>
        batch.Numeric(Numerics.RPL_KEYNOTSET, target, key, NotSetText);

    /// <summary>A change as every subscriber sees it. The recipient field is "*" rather than each one's nick, so the
    /// line is the same for all of them and a room's worth of subscribers costs one encoding.</summary>
    public static IrcMessage Notification(ChatHub hub, string target, string key, string? value) => value is null
        ? new IrcMessage(null, hub.ServerName, Numerics.RPL_KEYNOTSET, ["*", target, key, NotSetText])
        : new IrcMessage(null, hub.ServerName, Numerics.RPL_KEYVALUE, ["*", target, key, Visible, value]);

    /// <summary>Numerics carrying a list of keys (770-772), split so each line stays well inside 512 bytes.</summary>
    public static void KeyList(ReplyBatch batch, string numeric, IEnumerable<string> keys)
    {
        var line = new List<string>();
        var length = 0;
        foreach (var key in keys)
        {
            if (line.Count > 0 && length + key.Length + 1 > 300)
            {
                batch.Numeric(numeric, [.. line]);
                line.Clear();
                length = 0;
            }
            line.Add(key);
            length += key.Length + 1;
        }
        if (line.Count > 0)
        {
            batch.Numeric(numeric, [.. line]);
        }
    }
}
