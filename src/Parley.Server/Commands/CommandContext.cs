using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands;

/// <summary>What a command handler gets: the hub, the sender and the message, with reply helpers.</summary>
public sealed class CommandContext(ChatHub hub, Session session, IrcMessage message, string command)
{
    /// <summary>The hub (all chat state).</summary>
    public ChatHub Hub { get; } = hub;

    /// <summary>Who sent the command.</summary>
    public Session Session { get; } = session;

    /// <summary>The message as received.</summary>
    public IrcMessage Message { get; } = message;

    /// <summary>The command name in upper case.</summary>
    public string Command { get; } = command;

    /// <summary>The parameters.</summary>
    public IReadOnlyList<string> Params => Message.Parameters;

    /// <summary>The parameter at <paramref name="index"/>, or null.</summary>
    public string? Param(int index) => Message.Param(index);

    /// <summary>Whether the handler kept this command's label for a later answer (see <see cref="DeferLabel"/>).</summary>
    public bool IsLabelDeferred { get; private set; }

    /// <summary>Keeps this command's labeled-response label from being answered now: the command is the opening of a
    /// client batch, and the label answers its closing. Returns the label, or null when there is none.</summary>
    public string? DeferLabel()
    {
        if (!Session.Has(Capability.LabeledResponse) || Message.Tag("label") is not { } label)
        {
            return null;
        }
        IsLabelDeferred = true;
        return label;
    }

    /// <summary>Sends a numeric to the sender.</summary>
    public void Reply(string numeric, params string[] args) => Hub.SendNumeric(Session, numeric, args);

    /// <summary>Sends any message to the sender.</summary>
    public void Send(IrcMessage message) => Hub.Send(Session, message);

    /// <summary>ERR_TOOMANYTARGETS naming, in one reply, the targets past the command's TARGMAX that were skipped.</summary>
    public void TooManyTargets(IEnumerable<string> skipped, int max) =>
        Reply(Numerics.ERR_TOOMANYTARGETS, string.Join(',', skipped), $"Too many targets, at most {max}: these were skipped");

    /// <summary>Sends ERR_NEEDMOREPARAMS for this command.</summary>
    public void NeedMoreParams() => Reply(Numerics.ERR_NEEDMOREPARAMS, Command, "Not enough parameters");

    /// <summary>Sends an IRCv3 standard reply: FAIL, WARN or NOTE.</summary>
    public void StandardReply(string kind, string code, string description, params string[] context)
    {
        var parameters = new List<string>(context.Length + 3) { Command, code };
        parameters.AddRange(context);
        parameters.Add(description);
        Send(new IrcMessage(null, Hub.ServerName, kind, parameters));
    }

    /// <summary>Sends FAIL for this command.</summary>
    public void Fail(string code, string description, params string[] context) => StandardReply("FAIL", code, description, context);
}
