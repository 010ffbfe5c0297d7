using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Operator;

/// <summary>OPER name password: checks the account against the configured operators (<see cref="ServerOptions.Operators"/>)
/// and grants user mode +o (381 RPL_YOUREOPER, then MODE +o); 491 for an unknown name, 464 for a wrong password or too
/// many failed attempts (<see cref="OperAttempts"/>).</summary>
/// <remarks>A hashed password (<see cref="OperatorOptions.PasswordHash"/>) costs about 0.3 s of CPU to check, so the
/// check runs on the thread pool and its result is posted back to the hub; the answer comes when it is done, and the
/// session goes on meanwhile. A plain-text password (kept for old configs) is compared at once.</remarks>
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
            OperatorNotices.Send(hub, $"Failed OPER attempt by {session.Mask} as {name}: no such operator");
            return;
        }
        if (hub.OperAttempts.TryBegin(session, hub.Time.GetUtcNow()) is { } refusal)
        {
            ctx.Reply(Numerics.ERR_PASSWDMISMATCH, refusal);
            hub.ConnectionLog.LogWarning("refused OPER as {Name} by {Nick}: {Refusal}", name, session.Nick, refusal);
            return;
        }

        var given = ctx.Params[1];
        if (account.PasswordHash.Length == 0)
        {
            Finish(hub, session, name, account.Password.Length > 0 && PlainPasswordMatches(account.Password, given));
            return;
        }
        var hash = account.PasswordHash;
        if (hub.Post is not { } post)
        {
            Finish(hub, session, name, OperatorPasswordHash.Verify(given, hash)); // a hub driven by hand: no other thread
            return;
        }
        _ = Task.Run(() =>
        {
            bool matches;
            try
            {
                matches = OperatorPasswordHash.Verify(given, hash);
            }
            catch (Exception)
            {
                matches = false; // never leave the attempt open
            }
            post(h => Finish(h, session, name, matches));
        });
    }

    /// <summary>Answers the attempt once the password was checked (on the hub's thread).</summary>
    private static void Finish(ChatHub hub, Session session, string name, bool matches)
    {
        hub.OperAttempts.End(session, matches);
        if (session.IsClosing)
        {
            return;
        }
        if (!matches)
        {
            hub.SendNumeric(session, Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
            hub.ConnectionLog.LogWarning("failed OPER as {Name} by {Nick}: wrong password", name, session.Nick);
            OperatorNotices.Send(hub, $"Failed OPER attempt by {session.Mask} as {name}: wrong password");
            return;
        }

        var wasOperator = session.IsOperator;
        session.Modes |= UserModes.Operator;
        hub.SendNumeric(session, Numerics.RPL_YOUREOPER, "You are now an IRC operator");
        if (!wasOperator)
        {
            hub.Send(session, new IrcMessage(null, hub.ServerName, "MODE", [session.Nick!, "+o"]));
            OperatorNotices.Send(hub, $"{session.Mask} is now an IRC operator (as {name})", except: session);
        }
        hub.ConnectionLog.LogInformation("{Nick} is now an IRC operator (as {Name})", session.Nick, name);
    }

    /// <summary>Compares in time independent of where the first difference is, so timing tells nothing about the password.</summary>
    private static bool PlainPasswordMatches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
