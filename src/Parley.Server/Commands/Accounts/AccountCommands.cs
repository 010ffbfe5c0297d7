namespace Parley.Server.Commands.Accounts;

/// <summary>Accounts: SASL (AUTHENTICATE), IRCv3 account registration (REGISTER, VERIFY) and NickServ for clients that
/// have neither (reached by PRIVMSG NickServ, or the NICKSERV and NS shortcuts).</summary>
internal sealed class AccountCommands : ICommandGroup
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("AUTHENTICATE", AuthenticateCommand.Handle, MinParams: 1, BeforeRegistration: true),
        new("REGISTER", RegisterCommand.Register, MinParams: 3, BeforeRegistration: true),
        new("VERIFY", RegisterCommand.Verify, MinParams: 2, BeforeRegistration: true),
        new("NICKSERV", NickServ.FromCommand, MinParams: 1),
        new("NS", NickServ.FromCommand, MinParams: 1),
    ];
}
