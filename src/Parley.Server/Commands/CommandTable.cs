using System.Collections.Frozen;

namespace Parley.Server.Commands;

/// <summary>Every command the server understands, declared once, looked up by upper-case name.</summary>
public static class CommandTable
{
    /// <summary>The groups, by concern; each lists its own commands.</summary>
    private static readonly ICommandGroup[] Groups =
    [
        new Registration.RegistrationCommands(),
        new Messaging.MessagingCommands(),
        new Channels.ChannelCommands(),
        new Channels.ModeCommands(),
        new Queries.QueryCommands(),
        new Operator.OperatorCommands(),
        new Metadata.MetadataCommands(),
        new History.HistoryCommands(),
        new Accounts.AccountCommands(),
    ];

    /// <summary>The table.</summary>
    public static FrozenDictionary<string, CommandSpec> All { get; } =
        Groups.SelectMany(g => g.Commands).ToFrozenDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
}
