using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>TOPIC: shows a room's topic, or sets it (members; operators only when +t) and tells the whole room.</summary>
internal static class TopicCommand
{
    public static void Handle(CommandContext ctx)
    {
        var name = ctx.Params[0];
        var room = ctx.Hub.Rooms.Find(name);
        if (room is null)
        {
            ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        var member = room.Contains(ctx.Session);
        if (ctx.Params.Count < 2)
        {
            // A secret room's topic is as hidden from outsiders as the room itself.
            if (!member && room.Modes.HasFlag(RoomModes.Secret))
            {
                ctx.Reply(Numerics.ERR_NOTONCHANNEL, room.Name, "You're not on that channel");
                return;
            }
            if (room.Topic is null)
            {
                ctx.Reply(Numerics.RPL_NOTOPIC, room.Name, "No topic is set");
            }
            else
            {
                ChannelCommands.SendTopic(ctx.Hub, ctx.Session, room);
            }
            return;
        }

        if (!member)
        {
            ctx.Reply(Numerics.ERR_NOTONCHANNEL, room.Name, "You're not on that channel");
            return;
        }
        if (room.Modes.HasFlag(RoomModes.TopicLock) && !room.IsOperator(ctx.Session))
        {
            ctx.Reply(Numerics.ERR_CHANOPRIVSNEEDED, room.Name, "You're not channel operator");
            return;
        }
        Set(ctx.Hub, ctx.Session, room, ctx.Params[1]);
    }

    /// <summary>Sets (or, with empty text, clears) the topic and sends TOPIC to every member, the setter included.</summary>
    internal static void Set(ChatHub hub, Session setter, Room room, string text)
    {
        var topic = RoomText.Limit(text, ServerSupport.TextLength);
        room.Topic = topic.Length == 0 ? null : topic;
        room.TopicSetBy = setter.Nick;
        room.TopicSetAt = hub.Time.GetUtcNow();
        var message = hub.Stamp(new IrcMessage(null, setter.Mask, "TOPIC", [room.Name, topic]), sender: setter);
        hub.SendToMany(room.Members.Keys, message);
        hub.MessageLog.LogInformation("{Nick} set the topic of {Room} to {Topic}", setter.Nick, room.Name, topic);
    }
}
