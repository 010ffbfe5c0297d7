using Parley.Protocol.Irc;
using Parley.Server.Accounts;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.History;

/// <summary>IRCv3 draft/message-redaction: <c>REDACT &lt;target&gt; &lt;msgid&gt; [:reason]</c> deletes a message from
/// history (CHATHISTORY and replay on join no longer show it) and tells those who saw it and can act on it: the room's
/// members, or the other side of a private conversation, that negotiated the capability (the sender too, as its
/// confirmation). Others are told nothing; their clients could not take the line back anyway.</summary>
/// <remarks>Who may redact: the sender of a message (the same account when it was sent logged in, else the same
/// nick!user@host), a room's operators any message of their room, IRC operators any message of any room. A message is
/// found through history, so with History:Enabled=false, or once retention deleted it, the answer is UNKNOWN_MSGID.</remarks>
internal static class RedactCommand
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        var target = ctx.Params[0];
        var msgid = ctx.Params[1];
        var reason = ctx.Param(2);

        Room? room = null;
        string key;
        if (IrcNames.IsChannelName(target))
        {
            room = hub.Rooms.Find(target);
            if (room is null || !(room.Contains(session) || session.IsOperator))
            {
                ctx.Fail("INVALID_TARGET", $"You cannot delete messages from {target}", target);
                return;
            }
            key = HistoryTargets.Room(room.Name);
        }
        else if (IrcNames.IsValidNick(target))
        {
            key = HistoryTargets.Conversation(session.Nick!, target);
        }
        else
        {
            ctx.Fail("INVALID_TARGET", $"You cannot delete messages from {target}", target);
            return;
        }

        var entry = hub.Storage.History.Find(key, msgid);
        // A private conversation's earlier part may belong to someone who held this nick before: not ours to know of.
        if (entry is null || entry.Command is not ("PRIVMSG" or "NOTICE" or "TAGMSG")
            || (room is null && HistoryAccess.ConversationSince(session) is { } since && entry.Time < since))
        {
            ctx.Fail("UNKNOWN_MSGID", "This message does not exist or is too old", target, msgid);
            return;
        }
        if (!IsOwn(session, entry) && !session.IsOperator && !(room?.IsOperator(session) ?? false))
        {
            ctx.Fail("REDACT_FORBIDDEN", "You are not authorised to delete this message", target, msgid);
            return;
        }

        hub.Storage.History.Delete(key, msgid);
        var recipient = room is null ? hub.Nicks.Find(target) : null;
        var shownTarget = room?.Name ?? recipient?.Nick ?? target;
        string[] parameters = reason is null ? [shownTarget, msgid] : [shownTarget, msgid, reason];
        var redact = hub.Stamp(new IrcMessage(null, session.Mask, "REDACT", parameters), sender: session);
        IEnumerable<Session> audience = room is not null ? room.Members.Keys : recipient is { IsRegistered: true } ? [recipient] : [];
        hub.SendToMany(audience.Where(s => s.Has(Capability.MessageRedaction)), redact, except: session);
        if (session.Has(Capability.MessageRedaction))
        {
            ctx.Send(redact);
        }
    }

    /// <summary>Whether <paramref name="session"/> sent <paramref name="entry"/>: by account when it was sent logged in,
    /// else by the whole nick!user@host (a nick alone can change hands).</summary>
    private static bool IsOwn(Session session, HistoryEntry entry) =>
        entry.Account is { } account ? AccountService.SameAccount(session.Account, account) : SameMask(session.Mask, entry.Sender);

    private static bool SameMask(string a, string b)
    {
        var bangA = a.IndexOf('!');
        var bangB = b.IndexOf('!');
        return bangA > 0 && bangB > 0
            && IrcCaseMapping.AreEqual(a[..bangA], b[..bangB])
            && string.Equals(a[bangA..], b[bangB..], StringComparison.OrdinalIgnoreCase);
    }
}
