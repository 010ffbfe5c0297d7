using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.Commands.Messaging;

/// <summary>Messages between people: PRIVMSG, NOTICE and TAGMSG, to rooms and to nicks, several targets at once;
/// BATCH, which gathers PRIVMSG lines into one multiline message; and MARKREAD, how far their user has read.</summary>
internal sealed class MessagingCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("PRIVMSG", ctx => Relay(ctx, MessageKind.Privmsg), CountsAsActivity: true),
        new("NOTICE", ctx => Relay(ctx, MessageKind.Notice), CountsAsActivity: true),
        new("TAGMSG", ctx => Relay(ctx, MessageKind.Tagmsg), MinParams: 1),
        new("MARKREAD", ReadMarkerCommand.Handle),
        new("BATCH", BatchCommand.Handle, MinParams: 1),
    ];

    private enum MessageKind { Privmsg, Notice, Tagmsg }

    private static void Relay(CommandContext ctx, MessageKind kind)
    {
        if (ctx.Message.Tag("batch") is { } batchReference)
        {
            BatchCommand.AddLine(ctx, batchReference); // a line of a multiline message, delivered when its batch closes
            return;
        }
        var quiet = kind == MessageKind.Notice; // NOTICE is never answered with an automatic error
        var targets = ctx.Param(0);
        if (string.IsNullOrEmpty(targets))
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_NORECIPIENT, $"No recipient given ({ctx.Command})");
            }
            return;
        }
        var text = ctx.Param(1);
        if (kind != MessageKind.Tagmsg && string.IsNullOrEmpty(text))
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_NOTEXTTOSEND, "No text to send");
            }
            return;
        }

        if (!targets.Contains(','))
        {
            To(ctx, kind, targets, text, ClientTags(ctx.Message), quiet); // one target, the common case: nothing to split
            return;
        }
        var list = targets.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (list.Length > ServerSupport.MaxTargets)
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_TOOMANYTARGETS, targets, $"Too many targets, at most {ServerSupport.MaxTargets}");
            }
            return;
        }

        var clientTags = ClientTags(ctx.Message);
        foreach (var target in list.Distinct(StringComparer.Ordinal))
        {
            To(ctx, kind, target, text, clientTags, quiet);
        }
    }

    private static void To(CommandContext ctx, MessageKind kind, string target, string? text, IReadOnlyList<MessageTag>? clientTags, bool quiet)
    {
        var statusPrefix = target.Length > 1 && target[0] is '@' or '+' && IrcNames.IsChannelName(target[1..]) ? target[0] : '\0';
        var name = statusPrefix == '\0' ? target : target[1..];
        if (IrcNames.IsChannelName(name))
        {
            ToRoom(ctx, kind, name, statusPrefix, text, clientTags, quiet);
        }
        else
        {
            ToNick(ctx, kind, name, text, clientTags, quiet);
        }
    }

    /// <summary>The client-only tags (+name) the sender attached, relayed with the message; null when there are none
    /// (most messages), so nothing is allocated for them.</summary>
    private static List<MessageTag>? ClientTags(IrcMessage message)
    {
        List<MessageTag>? clientTags = null;
        foreach (var tag in message.Tags)
        {
            if (tag.IsClientOnly)
            {
                (clientTags ??= []).Add(tag);
            }
        }
        return clientTags;
    }

    private static void ToRoom(CommandContext ctx, MessageKind kind, string name, char statusPrefix, string? text, IReadOnlyList<MessageTag>? clientTags, bool quiet)
    {
        var hub = ctx.Hub;
        var sender = ctx.Session;
        var room = hub.Rooms.Find(name);
        if (room is null)
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            }
            return;
        }
        if (RoomPolicy.CannotSend(room, sender, text) is { } why)
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_CANNOTSENDTOCHAN, room.Name, why);
            }
            return;
        }

        var targetText = statusPrefix == '\0' ? room.Name : statusPrefix + room.Name;
        var message = hub.Stamp(Build(sender, kind, targetText, text), clientTags, sender);
        if (statusPrefix == '\0')
        {
            hub.Remember(message, HistoryTargets.Room(room.Name), sender); // a message to ops or voices only is not history
        }
        if (statusPrefix == '\0' && kind != MessageKind.Tagmsg)
        {
            hub.SendToRoom(room, message, except: sender);
        }
        else
        {
            IEnumerable<Session> audience = room.Members.Keys;
            if (statusPrefix != '\0')
            {
                var needed = statusPrefix == '@' ? MemberStatus.Operator : MemberStatus.Voice | MemberStatus.Operator;
                audience = room.Members.Where(m => (m.Value & needed) != 0).Select(m => m.Key);
            }
            if (kind == MessageKind.Tagmsg)
            {
                audience = audience.Where(s => s.Has(Capability.MessageTags));
            }
            hub.SendToMany(audience, message, except: sender);
        }
        Echo(ctx, kind, message);
        if (kind != MessageKind.Tagmsg && hub.MessageLog.IsEnabled(LogLevel.Information))
        {
            hub.MessageLog.LogInformation("<{Nick}> {Target}: {Text}", sender.Nick, targetText, text);
        }
    }

    private static void ToNick(CommandContext ctx, MessageKind kind, string nick, string? text, IReadOnlyList<MessageTag>? clientTags, bool quiet)
    {
        var hub = ctx.Hub;
        var sender = ctx.Session;
        if (kind == MessageKind.Privmsg && Parley.Server.Accounts.AccountService.IsServiceNick(nick))
        {
            Accounts.NickServ.Handle(ctx, text!);
            return;
        }
        var recipient = hub.Nicks.Find(nick);
        if (recipient is null || !recipient.IsRegistered)
        {
            if (!quiet)
            {
                ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            }
            return;
        }
        var message = hub.Stamp(Build(sender, kind, recipient.Nick!, text), clientTags, sender);
        hub.Remember(message, HistoryTargets.Conversation(sender.Nick!, recipient.Nick!), sender);
        if (kind != MessageKind.Tagmsg || recipient.Has(Capability.MessageTags))
        {
            if (recipient == sender && sender.Has(Capability.EchoMessage))
            {
                hub.SendUncaptured(recipient, message); // the echo below is the labeled reply
            }
            else
            {
                hub.Send(recipient, message);
            }
        }
        if (kind == MessageKind.Privmsg && recipient.AwayMessage is { } away)
        {
            ctx.Reply(Numerics.RPL_AWAY, recipient.Nick!, away);
        }
        Echo(ctx, kind, message);
        if (kind != MessageKind.Tagmsg && hub.MessageLog.IsEnabled(LogLevel.Information))
        {
            hub.MessageLog.LogInformation("<{Nick}> {Target}: {Text}", sender.Nick, recipient.Nick, text);
        }
    }

    private static void Echo(CommandContext ctx, MessageKind kind, IrcMessage message)
    {
        if (ctx.Session.Has(Capability.EchoMessage) && (kind != MessageKind.Tagmsg || ctx.Session.Has(Capability.MessageTags)))
        {
            ctx.Send(message);
        }
    }

    private static IrcMessage Build(Session sender, MessageKind kind, string target, string? text) => kind switch
    {
        MessageKind.Privmsg => new IrcMessage(null, sender.Mask, "PRIVMSG", new[] { target, text! }),
        MessageKind.Notice => new IrcMessage(null, sender.Mask, "NOTICE", new[] { target, text! }),
        _ => new IrcMessage(null, sender.Mask, "TAGMSG", new[] { target }),
    };
}
