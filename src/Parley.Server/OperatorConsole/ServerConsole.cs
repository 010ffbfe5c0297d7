using Parley.Protocol.Irc;
using Parley.Server.Commands.Channels;
using Parley.Server.Commands.Operator;
using Parley.Server.Doors.Plain;
using Parley.Server.Hub;
using Parley.Server.Storage;

namespace Parley.Server.OperatorConsole;

/// <summary>The server operator's console: a plain line is a notice to everyone; slash commands act on the hub.</summary>
/// <remarks>Commands run on the hub's thread (posted to the loop); answers go to <see cref="Output"/>.</remarks>
public sealed class ServerConsole(HubLoop loop, TextWriter output, Action requestStop)
{
    /// <summary>The help shown by /help.</summary>
    public const string HelpText =
        "Type a line to send it to everyone as a notice from the server. Commands: /say #room text, /who, " +
        "/kick NICK [reason], /rooms, /kline [duration] MASK [reason], /dline [duration] IP-OR-CIDR [reason], " +
        "/unkline MASK, /undline IP-OR-CIDR, /bans, /help, /quit.";

    /// <summary>Where answers are written.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Reads commands from <paramref name="input"/> until it ends. At end of input (a pipe or /dev/null) it
    /// stops reading and returns, leaving the server running.</summary>
    public async Task RunAsync(TextReader input, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var line = await input.ReadLineAsync(cancel);
                if (line is null)
                {
                    return;
                }
                // The hub may stop while a command waits for it: cancellation must still end the console.
                await ExecuteAsync(line).WaitAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs one console line and waits until the hub has done it.</summary>
    public Task ExecuteAsync(string line)
    {
        line = line.Trim();
        if (line.Length == 0)
        {
            return Task.CompletedTask;
        }
        if (line[0] != '/')
        {
            return Ask(hub => Broadcast(hub, line));
        }
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var rest = parts.Length > 1 ? parts[1].Trim() : string.Empty;
        switch (parts[0].ToLowerInvariant())
        {
            case "/say":
                return Ask(hub => Say(hub, rest));
            case "/who":
                return Ask(Who);
            case "/kick":
                return Ask(hub => Kick(hub, rest));
            case "/rooms":
                return Ask(Rooms);
            case "/kline" or "/dline":
                return Ask(hub => AddBan(hub, parts[0].Equals("/kline", StringComparison.OrdinalIgnoreCase) ? BanKind.User : BanKind.Address, rest));
            case "/unkline" or "/undline":
                return Ask(hub => rest.Length == 0
                    ? $"usage: {parts[0]} MASK"
                    : ServerBanActions.Remove(hub, parts[0].Equals("/unkline", StringComparison.OrdinalIgnoreCase) ? BanKind.User : BanKind.Address, rest.Split(' ')[0], "console", null));
            case "/bans":
                return Ask(Bans);
            case "/quit":
                Output.WriteLine("stopping the server");
                requestStop();
                return Task.CompletedTask;
            case "/help":
                Output.WriteLine(HelpText);
                return Task.CompletedTask;
            default:
                Output.WriteLine($"unknown command {parts[0]}; /help lists them");
                return Task.CompletedTask;
        }
    }

    private async Task Ask(Func<ChatHub, string> work)
    {
        string answer;
        try
        {
            answer = await loop.Ask(work);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Output.WriteLine($"failed: {ex.Message}");
            return;
        }
        if (answer.Length > 0)
        {
            Output.WriteLine(answer);
        }
    }

    private static string Broadcast(ChatHub hub, string text)
    {
        var registered = hub.Sessions.Where(s => s.IsRegistered && !s.IsClosing).ToList();
        foreach (var session in registered)
        {
            hub.SendServerNotice(session, text);
        }
        return $"sent to {registered.Count} client(s)";
    }

    private static string Say(ChatHub hub, string rest)
    {
        var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !IrcNames.IsChannelName(parts[0]))
        {
            return "usage: /say #room text";
        }
        if (hub.Rooms.Find(parts[0]) is not { } room)
        {
            return $"no such room {parts[0]}";
        }
        hub.SendToMany(room.Members.Keys, hub.Stamp(new IrcMessage(null, hub.ServerName, "NOTICE", [room.Name, parts[1]])));
        return $"sent to {room.Members.Count} member(s) of {room.Name}";
    }

    private static string Who(ChatHub hub)
    {
        var users = hub.Sessions.Where(s => s.IsRegistered && !s.IsClosing)
            .OrderBy(s => s.Nick, StringComparer.OrdinalIgnoreCase).ToList();
        if (users.Count == 0)
        {
            return "nobody is connected";
        }
        var lines = users.Select(s =>
        {
            var door = s.Format is PlainWireFormat ? "plain" : "irc";
            var rooms = s.Rooms.Count == 0 ? "no room" : string.Join(' ', s.Rooms.Select(r => r.Name));
            return $"{s.Nick} ({s.UserName}@{s.Transport.RemoteEndPoint}, {door}) in {rooms}";
        });
        return $"{users.Count} connected:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", lines);
    }

    private static string Kick(ChatHub hub, string rest)
    {
        var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "usage: /kick NICK [reason]";
        }
        if (hub.Nicks.Find(parts[0]) is not { IsClosing: false } session)
        {
            return $"no such nick {parts[0]}";
        }
        var reason = parts.Length > 1 ? parts[1].Trim() : "Kicked by the server operator";
        hub.CloseWithError(session, $"Kicked: {reason}");
        return $"kicked {session.Nick}";
    }

    private static string AddBan(ChatHub hub, BanKind kind, string rest)
    {
        var words = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        TimeSpan? duration = null;
        if (words.Length == 2 && BanDuration.TryParse(words[0], out duration))
        {
            words = words[1].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        }
        if (words.Length == 0)
        {
            return kind == BanKind.User ? "usage: /kline [duration] MASK [reason]" : "usage: /dline [duration] IP-OR-CIDR [reason]";
        }
        return ServerBanActions.Add(hub, kind, words[0], duration, words.Length > 1 ? words[1] : null, "console", null);
    }

    private static string Bans(ChatHub hub)
    {
        var lines = ServerBanActions.Describe(hub, BanKind.User).Concat(ServerBanActions.Describe(hub, BanKind.Address)).ToList();
        return lines.Count == 0 ? "there are no server bans" : string.Join(Environment.NewLine, lines);
    }

    private static string Rooms(ChatHub hub)
    {
        if (hub.Rooms.Count == 0)
        {
            return "there are no rooms";
        }
        return string.Join(Environment.NewLine, hub.Rooms.All.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r =>
            $"{r.Name} ({r.Members.Count}): {string.Join(' ', r.Members.Select(m => ChannelCommands.Prefixes(m.Value, false) + m.Key.Nick))}"));
    }
}
