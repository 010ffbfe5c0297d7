namespace Parley.Server.Commands.Operator;

/// <summary>IRC operator commands: OPER, KILL, WALLOPS.</summary>
internal sealed class OperatorCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands => [];
}
