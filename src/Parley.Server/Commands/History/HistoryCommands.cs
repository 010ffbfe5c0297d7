namespace Parley.Server.Commands.History;

/// <summary>Reading history: CHATHISTORY (IRCv3 draft/chathistory); taking a message back out: REDACT
/// (draft/message-redaction).</summary>
internal sealed class HistoryCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("CHATHISTORY", ChatHistoryCommand.Handle),
        new("REDACT", RedactCommand.Handle, MinParams: 2, CountsAsActivity: true),
    ];
}
