using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Messaging;

/// <summary>MARKREAD (IRCv3 draft/read-marker): a client tells the server up to which message its user has read a
/// room or a private conversation, or asks for that marker; the server also tells it on every JOIN.</summary>
internal static class ReadMarkerCommand
{
    private const string TimestampPrefix = "timestamp=";

    /// <summary>The server-time form, as the specification requires it: milliseconds and 'Z'.</summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Handle(CommandContext ctx)
    {
        // Checked here rather than by the table's MinParams: the specification wants FAIL, not 461.
        var target = ctx.Param(0);
        if (string.IsNullOrEmpty(target))
        {
            ctx.Fail("NEED_MORE_PARAMS", "Missing parameters");
            return;
        }
        if (!IrcNames.IsValidChannel(target) && !IrcNames.IsValidNick(target))
        {
            ctx.Fail("INVALID_PARAMS", "That is not a room or a nick", target);
            return;
        }
        var store = ctx.Hub.ReadMarkers;
        if (ctx.Param(1) is not { } raw)
        {
            Tell(ctx.Hub, ctx.Session, target, store.Get(ctx.Session, target));
            return;
        }
        if (!TryParse(raw, out var timestamp))
        {
            ctx.Fail("INVALID_PARAMS", "The timestamp must be timestamp=YYYY-MM-DDThh:mm:ss.sssZ", target, raw);
            return;
        }
        // A marker cannot be ahead of the server's clock: no message read can be newer than now.
        var now = ctx.Hub.Time.GetUtcNow();
        Tell(ctx.Hub, ctx.Session, target, store.Advance(ctx.Session, target, timestamp > now ? now : timestamp));
    }

    /// <summary>After a JOIN, before RPL_ENDOFNAMES: the room's marker, to a client with the capability.</summary>
    public static void AnnounceOnJoin(ChatHub hub, Session session, Room room)
    {
        if (session.Has(Capability.ReadMarker))
        {
            Tell(hub, session, room.Name, hub.ReadMarkers.Get(session, room.Name));
        }
    }

    private static void Tell(ChatHub hub, Session to, string target, DateTimeOffset? marker)
    {
        var value = marker is { } at ? TimestampPrefix + at.ToString(TimeFormat, CultureInfo.InvariantCulture) : "*";
        hub.Send(to, new IrcMessage(null, hub.ServerName, "MARKREAD", [target, value]));
    }

    /// <summary>Reads "timestamp=..." in server-time form ('*' is the server's "unknown" and no value a client sets).</summary>
    private static bool TryParse(string raw, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return raw.StartsWith(TimestampPrefix, StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(raw[TimestampPrefix.Length..], [TimeFormat, "yyyy-MM-dd'T'HH:mm:ss'Z'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }
}
