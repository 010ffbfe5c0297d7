namespace Parley.Server.Commands.Operator;

/// <summary>IRC operator commands: OPER (becoming one), KILL and WALLOPS (for operators only).</summary>
internal sealed class OperatorCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("OPER", OperLogin.Handle, MinParams: 2),
        new("KILL", KillCommand.Handle, MinParams: 1, OperatorOnly: true),
        new("WALLOPS", WallopsCommand.Handle, MinParams: 1, OperatorOnly: true),
    ];
}
