using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Registration;

/// <summary>IRCv3 capability negotiation: CAP LS, LIST, REQ, END (version 302 included).</summary>
internal static class CapNegotiation
{
    public static void Handle(CommandContext ctx)
    {
        var session = ctx.Session;
        var sub = ctx.Params[0].ToUpperInvariant();
        switch (sub)
        {
            case "LS":
                if (!session.IsRegistered)
                {
                    session.IsNegotiatingCaps = true;
                }
                var version = int.TryParse(ctx.Param(1), out var v) ? v : 301;
                session.CapVersion = Math.Max(session.CapVersion, version);
                if (version >= 302)
                {
                    session.Caps |= CapabilityNames.ImpliedBy302;
                }
                SendList(ctx, "LS", CapabilityNames.Advertised.Select(c => CapabilityNames.ForLs(c.Name, session.CapVersion)));
                break;
            case "LIST":
                SendList(ctx, "LIST", CapabilityNames.Advertised.Where(c => session.Has(c.Flag)).Select(c => c.Name));
                break;
            case "REQ":
                if (!session.IsRegistered)
                {
                    session.IsNegotiatingCaps = true;
                }
                Request(ctx, ctx.Param(1) ?? string.Empty);
                break;
            case "END":
                if (!session.IsRegistered && session.IsNegotiatingCaps)
                {
                    session.IsNegotiatingCaps = false;
                    RegistrationCommands.TryComplete(ctx);
                }
                break;
            default:
                ctx.Reply(Numerics.ERR_INVALIDCAPCMD, ctx.Params[0], "Invalid CAP command");
                break;
        }
    }

    private static void Request(CommandContext ctx, string requested)
    {
        var session = ctx.Session;
        var add = Capability.None;
        var remove = Capability.None;
        foreach (var item in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var disable = item[0] == '-';
            var flag = CapabilityNames.Find(disable ? item[1..] : item);
            if (flag == Capability.None)
            {
                // All or nothing: one unknown capability rejects the whole request.
                ctx.Send(new IrcMessage(null, ctx.Hub.ServerName, "CAP", [session.NickOrStar, "NAK", requested]));
                return;
            }
            if (disable)
            {
                remove |= flag;
            }
            else
            {
                add |= flag;
            }
        }
        session.Caps = (session.Caps | add) & ~remove;
        ctx.Send(new IrcMessage(null, ctx.Hub.ServerName, "CAP", [session.NickOrStar, "ACK", requested.Trim()]));
    }

    private static void SendList(CommandContext ctx, string sub, IEnumerable<string> names)
    {
        var session = ctx.Session;
        // Keep each line well under 512 bytes; with 302, continuation lines carry a '*' before the list.
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var name in names)
        {
            if (current.Length + name.Length + 1 > 380)
            {
                lines.Add(current);
                current = string.Empty;
            }
            current = current.Length == 0 ? name : current + " " + name;
        }
        lines.Add(current);
        for (var i = 0; i < lines.Count; i++)
        {
            var more = i < lines.Count - 1 && session.CapVersion >= 302;
            string[] parameters = more ? [session.NickOrStar, sub, "*", lines[i]] : [session.NickOrStar, sub, lines[i]];
            ctx.Send(new IrcMessage(null, ctx.Hub.ServerName, "CAP", parameters));
        }
    }
}
