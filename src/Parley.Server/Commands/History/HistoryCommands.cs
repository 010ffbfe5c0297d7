namespace Parley.Server.Commands.History;

/// <summary>Reading history: CHATHISTORY (IRCv3 draft/chathistory).</summary>
internal sealed class HistoryCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("CHATHISTORY", ChatHistoryCommand.Handle),
    ];
}
