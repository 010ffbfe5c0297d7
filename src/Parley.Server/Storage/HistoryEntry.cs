namespace Parley.Server.Storage;

/// <summary>One message as history keeps it: what is needed to replay it to a client exactly as it was first sent.</summary>
/// <param name="MsgId">The message's msgid tag, unique across restarts.</param>
/// <param name="Time">When the server received it (its time tag).</param>
/// <param name="Target">Where it belongs: a room's case-folded name, or a private conversation's key
/// (<see cref="HistoryTargets.Conversation"/>).</param>
/// <param name="Sender">The sender's nick!user@host at the time.</param>
/// <param name="Account">The sender's account, or null.</param>
/// <param name="Command">PRIVMSG, NOTICE or TAGMSG.</param>
/// <param name="To">The target as the message named it (the room name as written, or the recipient's nick).</param>
/// <param name="Text">The text, or null for TAGMSG.</param>
/// <param name="ClientTags">The client-only tags it carried, in wire form (<c>+a=b;+c</c>), or empty.</param>
public sealed record HistoryEntry(
    string MsgId, DateTimeOffset Time, string Target, string Sender, string? Account, string Command, string To, string? Text,
    string ClientTags);
