using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Operator;

/// <summary>OPER name password: checks the account against the configured operators (<see cref="ServerOptions.Operators"/>)
/// and grants user mode +o (381 RPL_YOUREOPER, then MODE +o); 491 for an unknown name, 464 for a wrong password.</summary>
internal static class OperLogin
{
    public static void Handle(CommandContext ctx)
    {
        var hub = ctx.Hub;
        var session = ctx.Session;
        var name = ctx.Params[0];
        var account = hub.Options.Operators.FirstOrDefault(o => o.Name.Length > 0 && o.Name == name);
        if (account is null)
        {
            ctx.Reply(Numerics.ERR_NOOPERHOST, "No O-lines for your host");
            hub.ConnectionLog.LogWarning("failed OPER as {Name} by {Nick}: no such operator", name, session.Nick);
            return;
        }
        if (account.Password.Length == 0 || !PasswordMatches(account.Password, ctx.Params[1]))
        {
            ctx.Reply(Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
            hub.ConnectionLog.LogWarning("failed OPER as {Name} by {Nick}: wrong password", name, session.Nick);
            return;
        }

        var wasOperator = session.IsOperator;
        session.Modes |= UserModes.Operator;
        ctx.Reply(Numerics.RPL_YOUREOPER, "You are now an IRC operator");
        if (!wasOperator)
        {
            ctx.Send(new IrcMessage(null, hub.ServerName, "MODE", [session.Nick!, "+o"]));
        }
        hub.ConnectionLog.LogInformation("{Nick} is now an IRC operator (as {Name})", session.Nick, name);
    }

    /// <summary>Compares in time independent of where the first difference is, so timing tells nothing about the password.</summary>
    private static bool PasswordMatches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
