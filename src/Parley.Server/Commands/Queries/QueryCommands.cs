namespace Parley.Server.Commands.Queries;

/// <summary>Questions about people and the server: WHO, WHOIS, WHOWAS, ISON, USERHOST, LUSERS, MOTD, VERSION, TIME, AWAY, SETNAME.</summary>
internal sealed class QueryCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands => [];
}
