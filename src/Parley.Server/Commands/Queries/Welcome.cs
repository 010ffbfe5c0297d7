using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Queries;

/// <summary>What a client is told about the server on registration, and on LUSERS and MOTD.</summary>
internal static class Welcome
{
    /// <summary>001-005, LUSERS and the MOTD.</summary>
    public static void Send(ChatHub hub, Session session)
    {
        var support = hub.Support;
        hub.SendNumeric(session, Numerics.RPL_WELCOME, $"Welcome to the {hub.Options.Network} IRC network, {session.Mask}");
        hub.SendNumeric(session, Numerics.RPL_YOURHOST, $"Your host is {hub.ServerName}, running version {support.Version}");
        hub.SendNumeric(session, Numerics.RPL_CREATED, $"This server was created {hub.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC");
        hub.SendNumeric(session, Numerics.RPL_MYINFO, hub.ServerName, support.Version, support.UserModes, support.ChannelModes, support.ChannelModesWithParameter);
        SendSupport(hub, session);
        SendLusers(hub, session);
        Metadata.MetadataNotifications.Registered(hub, session); // before the end of the MOTD, as draft/metadata-3 asks
        SendMotd(hub, session);
        if (session.Modes != UserModes.None)
        {
            hub.Send(session, new IrcMessage(null, hub.ServerName, "MODE", [session.NickOrStar, UserModeLetters.Format(session.Modes)]));
        }
    }

    /// <summary>The ISUPPORT tokens as RPL_ISUPPORT (005) lines of at most 12 tokens (also the reply to VERSION).</summary>
    public static void SendSupport(ChatHub hub, Session session)
    {
        foreach (var chunk in hub.Support.Tokens.Chunk(12))
        {
            var args = new List<string>(chunk) { "are supported by this server" };
            hub.SendNumeric(session, Numerics.RPL_ISUPPORT, [.. args]);
        }
    }

    /// <summary>The LUSERS replies (251-255, 265, 266).</summary>
    public static void SendLusers(ChatHub hub, Session session)
    {
        var registered = hub.RegisteredCount;
        var invisible = hub.Sessions.Count(s => s.IsRegistered && s.Modes.HasFlag(UserModes.Invisible));
        var unknown = hub.Sessions.Count - registered;
        var operators = hub.Sessions.Count(s => s.IsOperator);
        // Every registration passes here (the welcome burst includes LUSERS), so the high mark sees every new user.
        hub.SendNumeric(session, Numerics.RPL_LUSERCLIENT, $"There are {registered - invisible} users and {invisible} invisible on 1 servers");
        hub.SendNumeric(session, Numerics.RPL_LUSEROP, operators.ToString(), "IRC Operators online");
        hub.SendNumeric(session, Numerics.RPL_LUSERUNKNOWN, unknown.ToString(), "unknown connection(s)");
        hub.SendNumeric(session, Numerics.RPL_LUSERCHANNELS, hub.Rooms.Count.ToString(), "channels formed");
        hub.SendNumeric(session, Numerics.RPL_LUSERME, $"I have {registered} clients and 0 servers");
        var max = hub.MaxUsersSeen.ToString();
        hub.SendNumeric(session, Numerics.RPL_LOCALUSERS, registered.ToString(), max, $"Current local users {registered}, max {max}");
        hub.SendNumeric(session, Numerics.RPL_GLOBALUSERS, registered.ToString(), max, $"Current global users {registered}, max {max}");
    }

    /// <summary>The MOTD (375, 372..., 376) or 422 when there is none.</summary>
    public static void SendMotd(ChatHub hub, Session session)
    {
        var motd = hub.Options.Motd;
        if (motd.Count == 0)
        {
            hub.SendNumeric(session, Numerics.ERR_NOMOTD, "MOTD File is missing");
            return;
        }
        hub.SendNumeric(session, Numerics.RPL_MOTDSTART, $"- {hub.ServerName} Message of the day - ");
        foreach (var line in motd)
        {
            hub.SendNumeric(session, Numerics.RPL_MOTD, "- " + line);
        }
        hub.SendNumeric(session, Numerics.RPL_ENDOFMOTD, "End of /MOTD command.");
    }
}
