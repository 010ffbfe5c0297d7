namespace Parley.Server.Commands;

/// <summary>One command's declaration: its handler and the checks the dispatcher applies before calling it.</summary>
/// <param name="Name">The command in upper case.</param>
/// <param name="Handler">The handler; it sees only messages that passed the checks.</param>
/// <param name="MinParams">Fewer parameters are answered with 461 ERR_NEEDMOREPARAMS.</param>
/// <param name="BeforeRegistration">Whether it is allowed before registration completes (otherwise 451).</param>
/// <param name="OperatorOnly">Whether it needs IRC operator rights (otherwise 481).</param>
/// <param name="CountsAsActivity">Whether it resets the sender's idle time (WHOIS).</param>
public sealed record CommandSpec(
    string Name,
    Action<CommandContext> Handler,
    int MinParams = 0,
    bool BeforeRegistration = false,
    bool OperatorOnly = false,
    bool CountsAsActivity = false);

/// <summary>A group of related commands (registration, messaging, channels, queries, operator).</summary>
public interface ICommandGroup
{
    /// <summary>The commands of this group.</summary>
    IEnumerable<CommandSpec> Commands { get; }
}
