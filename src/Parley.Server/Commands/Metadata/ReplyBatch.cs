using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Metadata;

/// <summary>Replies to one session enclosed in an IRCv3 batch (BATCH +ref type params ... BATCH -ref), or as plain lines
/// when the session did not negotiate <c>batch</c>. Disposing closes the batch.</summary>
internal sealed class ReplyBatch : IDisposable
{
    private readonly ChatHub _hub;
    private readonly Session _to;
    private readonly string? _reference;

    private ReplyBatch(ChatHub hub, Session to, string? type, string[] parameters)
    {
        _hub = hub;
        _to = to;
        if (type is not null && to.Has(Capability.Batch))
        {
            _reference = "md" + hub.NewMessageId();
            _hub.Send(to, new IrcMessage(null, hub.ServerName, "BATCH", ["+" + _reference, type, .. parameters]));
        }
    }

    /// <summary>Opens a batch of <paramref name="type"/> (for example "metadata" with its target as parameter).</summary>
    public static ReplyBatch Open(ChatHub hub, Session to, string type, params string[] parameters) => new(hub, to, type, parameters);

    /// <summary>Replies sent as they are, outside any batch (the same helpers for replies the specification does not
    /// batch).</summary>
    public static ReplyBatch None(ChatHub hub, Session to) => new(hub, to, null, []);

    /// <summary>Sends a numeric inside the batch: the recipient's nick (or "*") first, then <paramref name="args"/>.</summary>
    public void Numeric(string numeric, params string[] args) =>
        Send(new IrcMessage(null, _hub.ServerName, numeric, [_to.NickOrStar, .. args]));

    /// <summary>Sends an IRCv3 standard reply FAIL inside the batch (a failure for one key among several).</summary>
    public void Fail(string command, string code, string description, params string[] context) =>
        Send(new IrcMessage(null, _hub.ServerName, "FAIL", [command, code, .. context, description]));

    /// <summary>Sends any message inside the batch.</summary>
    public void Send(IrcMessage message) => _hub.Send(_to, _reference is null ? message : message.WithTag("batch", _reference));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_reference is not null)
        {
            _hub.Send(_to, new IrcMessage(null, _hub.ServerName, "BATCH", ["-" + _reference]));
        }
    }
}
