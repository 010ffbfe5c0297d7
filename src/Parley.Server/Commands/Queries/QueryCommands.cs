namespace Parley.Server.Commands.Queries;

/// <summary>Questions about people and the server, and one's own presence: WHO, WHOIS, WHOWAS, ISON, USERHOST, LUSERS,
/// MOTD, VERSION, TIME, INFO, ADMIN, LINKS, HELP, AWAY, SETNAME, MONITOR.</summary>
internal sealed class QueryCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("WHO", WhoQuery.Handle),
        new("WHOIS", WhoisQuery.Handle),
        new("WHOWAS", WhowasQuery.Handle),
        new("ISON", NickLookups.Ison, MinParams: 1),
        new("USERHOST", NickLookups.Userhost, MinParams: 1),
        new("LUSERS", ServerInfoCommands.Lusers),
        new("MOTD", ServerInfoCommands.Motd),
        new("VERSION", ServerInfoCommands.Version),
        new("TIME", ServerInfoCommands.Time),
        new("INFO", ServerInfoCommands.Info),
        new("ADMIN", ServerInfoCommands.Admin),
        new("LINKS", ServerInfoCommands.Links),
        new("HELP", HelpCommand.Handle),
        new("HELPOP", HelpCommand.Handle),
        new("AWAY", AwayCommand.Handle),
        new("SETNAME", SetNameCommand.Handle, MinParams: 1),
        new("MONITOR", MonitorCommand.Handle, MinParams: 1),
    ];
}
