using System.Text;
using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>What MONITOR watchers are told: RPL_MONONLINE (730, with nick!user@host) when a watched nick comes online,
/// RPL_MONOFFLINE (731) when it goes, and the same numerics as a status report, several nicks to a line.</summary>
public static class MonitorNotices
{
    /// <summary>Tells the watchers of <paramref name="who"/>'s nick that it is online (registration, or a nick change
    /// to a watched nick).</summary>
    public static void Online(ChatHub hub, Session who)
    {
        foreach (var watcher in hub.Monitors.WatchersOf(who.Nick!))
        {
            hub.SendNumeric(watcher, Numerics.RPL_MONONLINE, who.Mask);
        }
    }

    /// <summary>Tells the watchers of <paramref name="nick"/> that nobody holds it any more (quit, disconnect, or a
    /// nick change away from it); the nick is given as its last holder spelled it.</summary>
    public static void Offline(ChatHub hub, string nick)
    {
        foreach (var watcher in hub.Monitors.WatchersOf(nick))
        {
            hub.SendNumeric(watcher, Numerics.RPL_MONOFFLINE, nick);
        }
    }

    /// <summary>After a registered user's nick changed: the old nick went offline and the new one came online, unless
    /// only its case changed (the same nick to MONITOR, so nothing to tell).</summary>
    public static void NickChanged(ChatHub hub, Session who, string oldNick)
    {
        if (IrcCaseMapping.AreEqual(oldNick, who.Nick!))
        {
            return;
        }
        Offline(hub, oldNick);
        Online(hub, who);
    }

    /// <summary>Reports to <paramref name="to"/> which of <paramref name="nicks"/> are online (730, as nick!user@host
    /// with the holder's spelling) and which offline (731, as given).</summary>
    public static void SendStatus(ChatHub hub, Session to, IEnumerable<string> nicks)
    {
        var online = new List<string>();
        var offline = new List<string>();
        foreach (var nick in nicks)
        {
            if (hub.Nicks.Find(nick) is { IsRegistered: true } holder)
            {
                online.Add(holder.Mask);
            }
            else
            {
                offline.Add(nick);
            }
        }
        SendLists(hub, to, Numerics.RPL_MONONLINE, online);
        SendLists(hub, to, Numerics.RPL_MONOFFLINE, offline);
    }

    /// <summary>Sends <paramref name="items"/> comma-separated under <paramref name="numeric"/>, as many to a line as
    /// fit in an IRC line (nothing when there are none).</summary>
    public static void SendLists(ChatHub hub, Session to, string numeric, IReadOnlyCollection<string> items)
    {
        // ":server 73x nick :" plus the list and CRLF must stay within 512 bytes; nicks and hosts are ASCII.
        var budget = IrcLimits.MaxBodyBytes - hub.ServerName.Length - to.NickOrStar.Length - 12;
        var line = new StringBuilder();
        foreach (var item in items)
        {
            if (line.Length > 0 && line.Length + 1 + item.Length > budget)
            {
                hub.SendNumeric(to, numeric, line.ToString());
                line.Clear();
            }
            if (line.Length > 0)
            {
                line.Append(',');
            }
            line.Append(item);
        }
        if (line.Length > 0)
        {
            hub.SendNumeric(to, numeric, line.ToString());
        }
    }
}
