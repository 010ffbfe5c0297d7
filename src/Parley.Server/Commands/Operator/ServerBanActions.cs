using System.Globalization;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.Operator;

/// <summary>Adding, lifting and enforcing server-wide bans, for the IRC commands (KLINE, DLINE...) and the server
/// console alike. Each action answers with one line for whoever asked, and tells the operators.</summary>
internal static class ServerBanActions
{
    /// <summary>The longest ban reason kept.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>What the reason is when none was given.</summary>
    public const string NoReason = "No reason given";

    /// <summary>Adds a ban and disconnects everyone already connected whom it matches. <paramref name="issuer"/> (an
    /// operator's session, null for the console) may not ban itself. Returns the answer line.</summary>
    public static string Add(ChatHub hub, BanKind kind, string rawMask, TimeSpan? duration, string? reason, string setBy, Session? issuer)
    {
        var mask = Normalize(kind, rawMask);
        if (mask is null)
        {
            return kind == BanKind.User
                ? $"'{rawMask}' is not a nick!user@host mask"
                : $"'{rawMask}' is not an IP address or CIDR range (such as 192.0.2.7 or 192.0.2.0/24)";
        }
        var now = hub.Time.GetUtcNow();
        reason = string.IsNullOrWhiteSpace(reason) ? NoReason : Registration.RegistrationCommands.Truncate(reason.Trim(), MaxReasonLength);
        var ban = new ServerBan(kind, mask, reason, setBy, now, now + duration);
        if (issuer is not null && Matches(ban, issuer, now))
        {
            return $"{Name(kind)} on {mask} not added: it matches you";
        }
        hub.Bans.Add(ban);
        var summary = $"{setBy} added {Describe(ban, now)}";
        hub.ConnectionLog.LogInformation("{Summary}", summary);
        OperatorNotices.Send(hub, summary, except: issuer);
        var removed = Enforce(hub, ban, now);
        return $"Added {Describe(ban, now)}" + (removed > 0 ? $"; disconnected {removed} user(s)" : string.Empty);
    }

    /// <summary>Lifts the ban of <paramref name="kind"/> on <paramref name="rawMask"/>. Returns the answer line.</summary>
    public static string Remove(ChatHub hub, BanKind kind, string rawMask, string by, Session? issuer)
    {
        var mask = Normalize(kind, rawMask) ?? rawMask;
        if (!hub.Bans.Remove(kind, mask))
        {
            return $"No {Name(kind)} on {mask}";
        }
        var summary = $"{by} removed the {Name(kind)} on {mask}";
        hub.ConnectionLog.LogInformation("{Summary}", summary);
        OperatorNotices.Send(hub, summary, except: issuer);
        return $"Removed the {Name(kind)} on {mask}";
    }

    /// <summary>Every ban of <paramref name="kind"/> in force, one line each, for the console.</summary>
    public static IEnumerable<string> Describe(ChatHub hub, BanKind kind)
    {
        var now = hub.Time.GetUtcNow();
        return hub.Bans.List(kind, now).Select(ban => Describe(ban, now));
    }

    /// <summary>At the end of registration: refuses a session a K-line matches (465, then ERROR) and returns true.</summary>
    public static bool RefuseIfBanned(ChatHub hub, Session session)
    {
        if (hub.Bans.FindUserBan(session, hub.Time.GetUtcNow()) is not { } ban)
        {
            return false;
        }
        hub.SendNumeric(session, Numerics.ERR_YOUREBANNEDCREEP, $"You are banned from this server: {ban.Reason}");
        hub.ConnectionLog.LogInformation("refused {Mask}: K-lined ({BanMask})", session.Mask, ban.Mask);
        hub.CloseWithError(session, $"K-Lined: {ban.Reason}");
        return true;
    }

    /// <summary>The refusal a door gives a connection from a D-lined address.</summary>
    public static string AddressRefusal(ServerBan ban) => $"D-Lined: {ban.Reason}";

    /// <summary>"K-line" or "D-line".</summary>
    public static string Name(BanKind kind) => kind == BanKind.User ? "K-line" : "D-line";

    /// <summary>One line about a ban: mask, who set it and when, how long it lasts, and why.</summary>
    public static string Describe(ServerBan ban, DateTimeOffset now)
    {
        var lasts = ban.ExpiresAt is { } end ? $"expires in {BanDuration.Format(end - now)}" : "permanent";
        return $"{Name(ban.Kind)} on {ban.Mask} by {ban.SetBy} at {Timestamp(ban.SetAt)}, {lasts}: {ban.Reason}";
    }

    /// <summary>A time as UTC in ISO 8601 to the second.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Normalize(BanKind kind, string raw) =>
        kind == BanKind.User ? ServerBans.NormalizeUserMask(raw) : ServerBans.NormalizeAddressMask(raw);

    /// <summary>Disconnects the sessions <paramref name="ban"/> matches: with ERROR (and the reason) to them, and QUIT
    /// "K-Lined" or "D-Lined" to their peers, who need not read the operators' reason.</summary>
    private static int Enforce(ChatHub hub, ServerBan ban, DateTimeOffset now)
    {
        var victims = hub.Sessions.Where(s => !s.IsClosing && Matches(ban, s, now)).ToList();
        var label = ban.Kind == BanKind.User ? "K-Lined" : "D-Lined";
        foreach (var victim in victims)
        {
            if (ban.Kind == BanKind.User)
            {
                hub.SendNumeric(victim, Numerics.ERR_YOUREBANNEDCREEP, $"You are banned from this server: {ban.Reason}");
            }
            hub.Send(victim, new IrcMessage("ERROR", $"Closing Link: {victim.Host} ({label}: {ban.Reason})"));
            hub.Disconnect(victim, label);
        }
        return victims.Count;
    }

    /// <summary>Whether <paramref name="ban"/> covers <paramref name="session"/>: a K-line a registered session's mask
    /// (one still registering is checked when it completes), a D-line any session's address.</summary>
    private static bool Matches(ServerBan ban, Session session, DateTimeOffset now)
    {
        if (ban.IsExpired(now))
        {
            return false;
        }
        if (ban.Kind == BanKind.User)
        {
            return session.IsRegistered && Wildcard.IsMatch(ban.Mask, IrcCaseMapping.Fold(session.Mask));
        }
        return session.Transport.Address is { } address && ServerBans.Covers(ban.Mask, address);
    }
}
