using Parley.Protocol.Irc;

namespace Parley.Server.Commands.Queries;

/// <summary>HELP and HELPOP [subject]: RPL_HELPSTART (704), RPL_HELPTXT (705) lines and RPL_ENDOFHELP (706), or
/// ERR_HELPNOTFOUND (524) for an unknown subject.</summary>
internal static class HelpCommand
{
    private const string IndexSubject = "index";

    public static void Handle(CommandContext ctx)
    {
        var subject = ctx.Param(0);
        if (string.IsNullOrEmpty(subject) || subject.Equals(IndexSubject, StringComparison.OrdinalIgnoreCase))
        {
            SendIndex(ctx, string.IsNullOrEmpty(subject) ? IndexSubject : subject);
            return;
        }
        if (!HelpTopics.ByCommand.TryGetValue(subject, out var lines) || !CommandTable.All.ContainsKey(subject))
        {
            ctx.Reply(Numerics.ERR_HELPNOTFOUND, subject, "No help available on this topic");
            return;
        }
        ctx.Reply(Numerics.RPL_HELPSTART, subject, lines[0]);
        foreach (var line in lines.Skip(1))
        {
            ctx.Reply(Numerics.RPL_HELPTXT, subject, line);
        }
        ctx.Reply(Numerics.RPL_ENDOFHELP, subject, "End of /HELP");
    }

    /// <summary>The commands this server understands, a few to a line.</summary>
    private static void SendIndex(CommandContext ctx, string subject)
    {
        ctx.Reply(Numerics.RPL_HELPSTART, subject, "Commands you can use (HELP <command> tells more):");
        var names = CommandTable.All.Keys.Order(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(10))
        {
            ctx.Reply(Numerics.RPL_HELPTXT, subject, string.Join(' ', chunk));
        }
        ctx.Reply(Numerics.RPL_ENDOFHELP, subject, "End of /HELP");
    }
}
