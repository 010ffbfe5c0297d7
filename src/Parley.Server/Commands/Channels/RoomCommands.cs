namespace Parley.Server.Commands.Channels;

/// <summary>Room commands beyond being in a room: TOPIC, LIST, KICK, INVITE.</summary>
internal sealed partial class ChannelCommands
{
    private static IEnumerable<CommandSpec> MoreCommands => [];
}
