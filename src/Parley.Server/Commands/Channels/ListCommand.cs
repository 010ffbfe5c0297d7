using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>LIST: the rooms with their member counts and topics, filtered as ELIST=MNU says; secret rooms only to members.</summary>
internal static class ListCommand
{
    public static void Handle(CommandContext ctx)
    {
        var filter = string.IsNullOrEmpty(ctx.Param(0)) ? ListFilter.All : ListFilter.Parse(ctx.Params[0]);
        ctx.Reply(Numerics.RPL_LISTSTART, "Channel", "Users  Name");
        foreach (var room in ctx.Hub.Rooms.All.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (room.Modes.HasFlag(RoomModes.Secret) && !room.Contains(ctx.Session))
            {
                continue;
            }
            if (!filter.Matches(room))
            {
                continue;
            }
            var count = room.Members.Count.ToString(CultureInfo.InvariantCulture);
            ctx.Reply(Numerics.RPL_LIST, room.Name, count, room.Topic ?? string.Empty);
        }
        ctx.Reply(Numerics.RPL_LISTEND, "End of /LIST");
    }
}
