namespace Parley.Server.Commands.Channels;

/// <summary>Room commands beyond being in a room: TOPIC, LIST, KICK, INVITE, RENAME (each in its own file).</summary>
internal sealed partial class ChannelCommands
{
    private static IEnumerable<CommandSpec> MoreCommands =>
    [
        new("TOPIC", TopicCommand.Handle, MinParams: 1),
        new("LIST", ListCommand.Handle),
        new("KICK", KickCommand.Handle, MinParams: 2),
        new("INVITE", InviteCommand.Handle),
        new("RENAME", RenameCommand.Handle, MinParams: 2),
    ];
}
