using Parley.Protocol.Irc;

namespace Parley.Server.Commands.Channels;

/// <summary>MODE for rooms (+o +v +n +t +m +i +s +C +k +l +b +e +I) and for users (+i, +w, +B; +o only by OPER).</summary>
internal sealed class ModeCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands => [new("MODE", Mode, MinParams: 1)];

    private static void Mode(CommandContext ctx)
    {
        if (IrcNames.IsChannelName(ctx.Params[0]))
        {
            RoomModeCommand.Handle(ctx);
        }
        else
        {
            UserModeCommand.Handle(ctx);
        }
    }
}
