using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>MODE on a nick: a user sees and changes only their own modes. +i, +w and +B come and go freely,
/// -o drops operator rights, +o is ignored (only OPER grants it), other letters get 501.</summary>
internal static class UserModeCommand
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var nick = ctx.Params[0];
        if (!IrcCaseMapping.AreEqual(nick, session.NickOrStar))
        {
            if (ctx.Hub.Nicks.Find(nick) is null)
            {
                ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            }
            else
            {
                ctx.Reply(Numerics.ERR_USERSDONTMATCH, ctx.Params.Count < 2 ? "Can't view modes for other users" : "Can't change mode for other users");
            }
            return;
        }
        if (ctx.Params.Count < 2)
        {
            ctx.Reply(Numerics.RPL_UMODEIS, UserModeLetters.Format(session.Modes));
            return;
        }

        var before = session.Modes;
        var adding = true;
        var unknown = false;
        foreach (var letter in ctx.Params[1])
        {
            switch (letter)
            {
                case '+':
                    adding = true;
                    continue;
                case '-':
                    adding = false;
                    continue;
            }
            var flag = UserModeLetters.Find(letter);
            if (flag == UserModes.None)
            {
                unknown = true;
            }
            else if (!adding)
            {
                session.Modes &= ~flag;
            }
            else if (flag != UserModes.Operator)
            {
                session.Modes |= flag;
            }
        }

        var change = Describe(before, session.Modes);
        if (change.Length > 0)
        {
            ctx.Send(new IrcMessage(null, session.Mask, "MODE", [session.Nick!, change]));
        }
        if (unknown)
        {
            ctx.Reply(Numerics.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
    }

    /// <summary>The difference between two mode sets as "+w-i" (empty when equal).</summary>
    private static string Describe(UserModes before, UserModes after)
    {
        var added = UserModeLetters.Format(after & ~before)[1..];
        var removed = UserModeLetters.Format(before & ~after)[1..];
        return (added.Length > 0 ? "+" + added : string.Empty) + (removed.Length > 0 ? "-" + removed : string.Empty);
    }
}
