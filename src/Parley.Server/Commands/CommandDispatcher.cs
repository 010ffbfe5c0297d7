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
        // A client batch's label (draft/multiline) was given on its opening and answers its closing.
        var label = session.Has(Capability.LabeledResponse)
            ? message.Tag("label") ?? session.OpenBatch?.LabelForClosing(message)
            : null;
        if (label is null)
        {
            Run(session, message, error);
            return;
        }

        session.Captured = [];
        CommandContext? context = null;
        try
        {
            context = Run(session, message, error);
        }
        finally
        {
            var replies = session.Captured;
            session.Captured = null;
            if (context is { IsLabelDeferred: true })
            {
                replies.ForEach(reply => hub.Send(session, reply));
            }
            else
            {
                SendLabeled(session, label, replies);
            }
        }
    }

    private CommandContext Run(Session session, IrcMessage message, IrcParseError error)
    {
        var name = message.Command.ToUpperInvariant();
        var context = new CommandContext(hub, session, message, name);
        Execute(context, error);
        return context;
    }

    private void Execute(CommandContext context, IrcParseError error)
    {
        var session = context.Session;
        var message = context.Message;
        var name = context.Command;

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
        if (IsOneBatch(replies))
        {
            // Already a batch of its own (a multiline echo): the label goes on its opening, as draft/multiline says.
            hub.Send(session, replies[0].WithTag("label", label));
            replies.Skip(1).ToList().ForEach(reply => hub.Send(session, reply));
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

    /// <summary>Whether the replies are one batch: its opening, lines that all belong to a batch, and its closing.</summary>
    private static bool IsOneBatch(List<IrcMessage> replies) =>
        replies[0] is { Command: "BATCH" } first && first.Param(0) is ['+', .. var reference]
        && replies[^1] is { Command: "BATCH" } last && last.Param(0) == "-" + reference
        && replies.Skip(1).SkipLast(1).All(reply => reply.Tag("batch") is not null);
}
