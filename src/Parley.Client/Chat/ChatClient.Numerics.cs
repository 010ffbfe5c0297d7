using Parley.Protocol.Irc;
using Parley.Protocol.Text;

namespace Parley.Client.Chat;

/// <summary>The numeric replies: the welcome, taken nicks, room lists, errors.</summary>
public sealed partial class ChatClient
{
    private void OnNumeric(ClientOutput output, string numeric, IrcMessage message)
    {
        var p = message.Parameters;
        switch (numeric)
        {
            case Numerics.RPL_WELCOME:
                OnWelcome(output, message);
                return;
            case Numerics.ERR_NICKNAMEINUSE when !IsRegistered:
                TryNextNick(output);
                return;
            case Numerics.ERR_NICKNAMEINUSE:
                output.Lines.Add($"Error: the nick {Clean(message.Param(1))} is already taken.");
                return;
            case Numerics.ERR_ERRONEUSNICKNAME or Numerics.ERR_NONICKNAMEGIVEN when !IsRegistered:
                TryGuestNick(output);
                return;
            case Numerics.ERR_ERRONEUSNICKNAME:
                output.Lines.Add($"Error: the server does not accept '{Clean(message.Param(1))}' as a nick.");
                return;
            case Numerics.RPL_TOPIC:
                output.Lines.Add($"Topic of {Clean(message.Param(1))}: {Clean(message.Param(2))}");
                return;
            case Numerics.RPL_NAMREPLY:
                _names.Add(message.Param(2) ?? string.Empty, message.Param(3) ?? string.Empty);
                return;
            case Numerics.RPL_ENDOFNAMES:
                OnEndOfNames(output, message.Param(1) ?? string.Empty);
                return;
            case Numerics.RPL_MOTD:
                output.Lines.Add("Server: " + TerminalText.Clean(TrimMotdDash(message.Param(1))));
                return;
            case Numerics.RPL_AWAY:
                output.Lines.Add($"* {Clean(message.Param(1))} is away: {Clean(message.Param(2))}");
                return;
        }
        if (OnLoginNumeric(output, numeric, message) || QuietNumerics.Contains(numeric))
        {
            return;
        }
        var details = p.Skip(1).Select(TerminalText.Clean).ToList();
        if (numeric[0] is '4' or '5')
        {
            if (JoinRefusals.Contains(numeric) && message.Param(1) is { } refused)
            {
                RevertJoin(output, details, refused);
                return;
            }
            output.Lines.Add("Error: " + Describe(details));
            return;
        }
        if (details.Count > 0)
        {
            output.Lines.Add("Server: " + Describe(details));
        }
    }

    private void OnWelcome(ClientOutput output, IrcMessage message)
    {
        IsRegistered = true;
        Nick = message.Param(0) ?? Nick;
        _serverName = message.Source;
        output.Signals |= ClientSignal.Registered;
        output.Lines.Add("Connected to the chat server.");
        if (!IrcCaseMapping.AreEqual(Nick, _wantedNick))
        {
            output.Lines.Add($"The nick {_wantedNick} was not available; you are {Clean(Nick)}.");
        }
        if (_options.InitialRoom is { } room)
        {
            JoinRoom(output, room, key: null);
        }
    }

    private void TryNextNick(ClientOutput output)
    {
        _nickAttempt++;
        if (_nickAttempt >= NickChoice.MaxAttempts)
        {
            output.Lines.Add($"Error: no free nick found (tried {_wantedNick} and {NickChoice.MaxAttempts - 1} variations).");
            output.Signals |= ClientSignal.GaveUp;
            return;
        }
        Nick = _triedGuest ? NickChoice.Guest(_random) : NickChoice.Candidate(_wantedNick, _nickAttempt);
        output.Messages.Add(new IrcMessage("NICK", Nick));
    }

    private void TryGuestNick(ClientOutput output)
    {
        if (_triedGuest)
        {
            output.Lines.Add($"Error: the server accepts neither {_wantedNick} nor a guest nick.");
            output.Signals |= ClientSignal.GaveUp;
            return;
        }
        _triedGuest = true;
        Nick = NickChoice.Guest(_random);
        output.Messages.Add(new IrcMessage("NICK", Nick));
    }

    private void OnEndOfNames(ClientOutput output, string room)
    {
        var (names, asked) = _names.Complete(room);
        if (!asked)
        {
            // The list the server sends on joining: one line is enough.
            if (names.Count > 0)
            {
                output.Lines.Add($"People in {Clean(room)}: {string.Join(", ", names.Select(TerminalText.Clean))}");
            }
            return;
        }
        if (names.Count == 0)
        {
            output.Lines.Add($"Nobody is in {Clean(room)} (or you cannot see who is).");
            return;
        }
        output.Lines.Add($"People in {Clean(room)} ({names.Count}):");
        foreach (var entry in names.OrderBy(n => n.TrimStart('~', '&', '@', '%', '+'), StringComparer.OrdinalIgnoreCase))
        {
            output.Lines.Add("  " + DescribeMember(entry));
        }
    }

    /// <summary>"bob (operator, voice)" for "@+bob" (multi-prefix) and "bob" for "bob"; a full mask keeps only the nick.</summary>
    private static string DescribeMember(string entry)
    {
        var statuses = new List<string>();
        var i = 0;
        for (; i < entry.Length; i++)
        {
            var status = entry[i] switch
            {
                '~' => "owner",
                '&' => "admin",
                '@' => "operator",
                '%' => "half-operator",
                '+' => "voice",
                _ => null,
            };
            if (status is null)
            {
                break;
            }
            statuses.Add(status);
        }
        var nick = TerminalText.Clean(NickOf(entry[i..]));
        return statuses.Count == 0 ? nick : $"{nick} ({string.Join(", ", statuses)})";
    }

    private void RevertJoin(ClientOutput output, List<string> details, string room)
    {
        output.Lines.Add("Error: " + Describe(details));
        if (!_pendingJoins.Remove(IrcCaseMapping.Fold(room), out var previous))
        {
            return;
        }
        _names.Unexpect(room);
        if (IsCurrent(room))
        {
            CurrentRoom = previous is not null && FindRoom(previous) is { } back ? back : _rooms.Count > 0 ? _rooms[^1] : null;
            if (CurrentRoom is not null)
            {
                output.Lines.Add($"Still talking in {CurrentRoom}.");
            }
        }
    }

    /// <summary>"a b: text" for the parameters after our nick, the last one being the text.</summary>
    private static string Describe(List<string> details) =>
        details.Count switch
        {
            0 => "(no details)",
            1 => details[0],
            _ => string.Join(' ', details.Take(details.Count - 1)) + ": " + details[^1],
        };

    /// <summary>The welcome burst and other replies that tell a chat user nothing.</summary>
    private static readonly HashSet<string> QuietNumerics =
    [
        Numerics.RPL_YOURHOST, Numerics.RPL_CREATED, Numerics.RPL_MYINFO, Numerics.RPL_ISUPPORT,
        "250", Numerics.RPL_LUSERCLIENT, Numerics.RPL_LUSEROP, Numerics.RPL_LUSERUNKNOWN, Numerics.RPL_LUSERCHANNELS,
        Numerics.RPL_LUSERME, Numerics.RPL_LOCALUSERS, Numerics.RPL_GLOBALUSERS,
        Numerics.RPL_MOTDSTART, Numerics.RPL_ENDOFMOTD, Numerics.ERR_NOMOTD,
        Numerics.RPL_TOPICWHOTIME, Numerics.RPL_CREATIONTIME, "396",
    ];

    /// <summary>Replies refusing a JOIN, with the room as their first parameter after our nick.</summary>
    private static readonly HashSet<string> JoinRefusals =
    [
        Numerics.ERR_NOSUCHCHANNEL, Numerics.ERR_TOOMANYCHANNELS, Numerics.ERR_CHANNELISFULL, Numerics.ERR_INVITEONLYCHAN,
        Numerics.ERR_BANNEDFROMCHAN, Numerics.ERR_BADCHANNELKEY, "476", "477", "489",
    ];
}
