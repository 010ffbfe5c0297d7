namespace Parley.Server.Commands.Operator;

/// <summary>IRC operator commands: OPER (becoming one); KILL, WALLOPS and the server-wide bans (KLINE, DLINE, UNKLINE,
/// UNDLINE) for operators only; STATS, whose ban lists are for operators.</summary>
internal sealed class OperatorCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("OPER", OperLogin.Handle, MinParams: 2),
        new("KILL", KillCommand.Handle, MinParams: 1, OperatorOnly: true),
        new("WALLOPS", WallopsCommand.Handle, MinParams: 1, OperatorOnly: true),
        new("KLINE", BanCommands.KLine, MinParams: 1, OperatorOnly: true),
        new("UNKLINE", BanCommands.UnKLine, MinParams: 1, OperatorOnly: true),
        new("DLINE", BanCommands.DLine, MinParams: 1, OperatorOnly: true),
        new("UNDLINE", BanCommands.UnDLine, MinParams: 1, OperatorOnly: true),
        new("STATS", StatsCommand.Handle, MinParams: 1),
    ];
}
