using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands;

/// <summary>Applies the command table's checks in one place, then runs the handler; wraps replies for labeled-response.</summary>
internal sealed class CommandDispatcher(ChatHub hub)
{
    private long _nextBatch;

    public void Dispatch(Session session, IrcMessage message, IrcParseError error)
    {
        var label = session.Has(Capability.LabeledResponse) ? message.Tag("label") : null;
        if (label is null)
        {
            Run(session, message, error);
            return;
        }

        session.Captured = [];
        try
        {
            Run(session, message, error);
        }
        finally
        {
            var replies = session.Captured;
            session.Captured = null;
            SendLabeled(session, label, replies);
        }
    }

    private void Run(Session session, IrcMessage message, IrcParseError error)
    {
        var name = message.Command.ToUpperInvariant();
        var context = new CommandContext(hub, session, message, name);

        switch (error)
        {
            case IrcParseError.TooLong:
                context.Reply(Numerics.ERR_INPUTTOOLONG, "Input line was too long");
                return;
            case IrcParseError.InvalidUtf8:
                context.Fail("INVALID_UTF8", "Message rejected: it is not valid UTF-8");
                return;
            case IrcParseError.ContainsNul:
                context.Fail("INVALID_TEXT", "Message rejected: it contains a NUL byte");
                return;
        }

        if (!CommandTable.All.TryGetValue(name, out var spec))
        {
            if (session.IsRegistered)
            {
                context.Reply(Numerics.ERR_UNKNOWNCOMMAND, message.Command, "Unknown command");
            }
            else
            {
                context.Reply(Numerics.ERR_NOTREGISTERED, "You have not registered");
            }
            return;
        }
        if (!session.IsRegistered && !spec.BeforeRegistration)
        {
            context.Reply(Numerics.ERR_NOTREGISTERED, "You have not registered");
            return;
        }
        if (message.Parameters.Count < spec.MinParams)
        {
            context.NeedMoreParams();
            return;
        }
        if (spec.OperatorOnly && !session.IsOperator)
        {
            context.Reply(Numerics.ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
            return;
        }
        if (spec.CountsAsActivity)
        {
            session.LastActive = hub.Time.GetUtcNow();
        }

        try
        {
            spec.Handler(context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A handler bug must not take the hub down or leave the client without an answer.
            hub.ConnectionLog.LogError(ex, "command {Command} from {Nick} failed", name, session.NickOrStar);
            context.Fail("INTERNAL_ERROR", "The server could not process this command");
        }
    }

    private void SendLabeled(Session session, string label, List<IrcMessage> replies)
    {
        if (replies.Count == 0)
        {
            hub.Send(session, new IrcMessage([new MessageTag("label", label)], hub.ServerName, "ACK", []));
            return;
        }
        if (replies.Count == 1)
        {
            hub.Send(session, replies[0].WithTag("label", label));
            return;
        }
        var reference = $"lr{++_nextBatch}";
        hub.Send(session, new IrcMessage([new MessageTag("label", label)], hub.ServerName, "BATCH", ["+" + reference, "labeled-response"]));
        foreach (var reply in replies)
        {
            hub.Send(session, reply.Tag("batch") is null ? reply.WithTag("batch", reference) : reply);
        }
        hub.Send(session, new IrcMessage(null, hub.ServerName, "BATCH", ["-" + reference]));
    }
}
