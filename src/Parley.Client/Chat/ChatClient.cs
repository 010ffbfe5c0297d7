using System.Globalization;
using Parley.Protocol.Irc;

namespace Parley.Client.Chat;

/// <summary>The client's side of a chat, with no sockets, console or clock: IRC messages and typed lines go in,
/// lines to show and IRC messages to send come out (<see cref="ClientOutput"/>).</summary>
/// <remarks>It keeps the little state a chat needs: our nick, the rooms we are in, the room typed lines go to and the
/// capabilities the server granted. One caller at a time: the driver applies every event in order on one loop.</remarks>
public sealed class ChatClient
{
    /// <summary>The capabilities the client asks for, each because it uses it: echo-message to show a private message
    /// only once the server accepted it, multi-prefix to show every status of the people in a room.</summary>
    public static readonly IReadOnlyList<string> WantedCapabilities = ["echo-message", "multi-prefix"];

    private const string FlushTokenPrefix = "parley-flush-";

    private readonly ClientOptions _options;
    private readonly Random _random;
    private readonly List<string> _rooms = [];
    private readonly HashSet<string> _caps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _offeredCaps = new(StringComparer.Ordinal);
    private readonly NamesCollector _names = new();
    private readonly HashSet<string> _whoRequested = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _pendingJoins = new(StringComparer.Ordinal);
    private readonly string _wantedNick;
    private int _nickAttempt;
    private bool _triedGuest;
    private string? _serverName;
    private string? _flushToken;
    private int _flushCount;

    /// <summary>Creates a client that will register with the nick of <paramref name="options"/>.</summary>
    public ChatClient(ClientOptions options, Random? random = null)
    {
        _options = options;
        _random = random ?? Random.Shared;
        _wantedNick = options.Nick;
        Nick = options.Nick;
    }

    /// <summary>Our nick: the one being tried until registration, then the one the server knows us by.</summary>
    public string Nick { get; private set; }

    /// <summary>The room typed lines go to, or null.</summary>
    public string? CurrentRoom { get; private set; }

    /// <summary>The rooms the server confirmed we are in, in the order we joined them.</summary>
    public IReadOnlyList<string> Rooms => _rooms;

    /// <summary>Whether the server welcomed us (RPL_WELCOME).</summary>
    public bool IsRegistered { get; private set; }

    /// <summary>Whether we sent QUIT: the server closing the connection is then expected.</summary>
    public bool HasQuit { get; private set; }

    /// <summary>The reason the server gave in an ERROR message, if it sent one.</summary>
    public string? ServerError { get; private set; }

    /// <summary>Whether the server granted a capability.</summary>
    public bool HasCapability(string name) => _caps.Contains(name);

    /// <summary>The registration: CAP LS 302 (so capabilities can be asked for before the welcome), NICK and USER.</summary>
    public ClientOutput Start()
    {
        var output = new ClientOutput();
        output.Messages.Add(new IrcMessage("CAP", "LS", "302"));
        output.Messages.Add(new IrcMessage("NICK", Nick));
        output.Messages.Add(new IrcMessage("USER", UserNameFor(Nick), "0", "*", _options.RealName));
        return output;
    }

    /// <summary>A PING whose PONG tells that the server has handled everything sent before it.</summary>
    public ClientOutput Flush()
    {
        _flushCount++;
        _flushToken = FlushTokenPrefix + _flushCount.ToString(CultureInfo.InvariantCulture);
        var output = new ClientOutput();
        output.Messages.Add(new IrcMessage("PING", _flushToken));
        return output;
    }

    /// <summary>QUIT, with the reason when one was given.</summary>
    public ClientOutput Quit(string? reason)
    {
        HasQuit = true;
        var output = new ClientOutput();
        output.Messages.Add(string.IsNullOrEmpty(reason) ? new IrcMessage("QUIT") : new IrcMessage("QUIT", reason));
        return output;
    }

    /// <summary>The line that tells why the connection ended.</summary>
    public string DescribeClose() =>
        HasQuit ? "Disconnected."
        : ServerError is { } reason ? $"Disconnected by the server: {DisplayText.Clean(reason)}"
        : "The server closed the connection.";

    /// <summary>Applies a line the user typed.</summary>
    public ClientOutput Type(string line)
    {
        var output = new ClientOutput();
        var command = TypedCommandParser.Parse(line);
        if (!IsRegistered && command is not (TypedCommand.Quit or TypedCommand.Help or TypedCommand.Nothing))
        {
            output.Lines.Add("Not connected yet; wait for \"Connected to the chat server.\"");
            return output;
        }
        switch (command)
        {
            case TypedCommand.Nothing:
                break;
            case TypedCommand.Say say:
                SayInCurrentRoom(output, say.Text, action: false);
                break;
            case TypedCommand.Act act:
                SayInCurrentRoom(output, act.Text, action: true);
                break;
            case TypedCommand.Join join:
                JoinRoom(output, join.Room, join.Key);
                break;
            case TypedCommand.Part part:
                PartRoom(output, part.Room ?? CurrentRoom, part.Reason);
                break;
            case TypedCommand.PrivateMessage pm:
                SendPrivate(output, pm.Target, pm.Text);
                break;
            case TypedCommand.ChangeNick nick:
                output.Messages.Add(new IrcMessage("NICK", nick.Nick));
                break;
            case TypedCommand.Who who:
                AskWho(output, who.Room ?? CurrentRoom);
                break;
            case TypedCommand.Quit quit:
                output.Signals |= ClientSignal.QuitRequested;
                output.QuitReason = quit.Reason;
                break;
            case TypedCommand.Help:
                output.Lines.AddRange(TypedCommandParser.HelpLines);
                break;
            case TypedCommand.Unknown unknown:
                output.Lines.Add($"Unknown command /{unknown.Name}. Type /help for the list.");
                break;
            case TypedCommand.Invalid invalid:
                output.Lines.Add(invalid.Problem);
                break;
        }
        return output;
    }

    /// <summary>Applies a message from the server.</summary>
    public ClientOutput Receive(IrcMessage message)
    {
        var output = new ClientOutput();
        var command = message.Command.ToUpperInvariant();
        if (command.Length == 3 && command.All(char.IsAsciiDigit))
        {
            OnNumeric(output, command, message);
            return output;
        }
        switch (command)
        {
            case "CAP":
                OnCap(output, message);
                break;
            case "PRIVMSG":
                OnSpeech(output, message, notice: false);
                break;
            case "NOTICE":
                OnSpeech(output, message, notice: true);
                break;
            case "JOIN":
                OnJoin(output, message);
                break;
            case "PART":
                OnPart(output, message);
                break;
            case "KICK":
                OnKick(output, message);
                break;
            case "QUIT":
                output.Lines.Add($"* {Who(message)} quit{Reason(message.Param(0))}");
                break;
            case "NICK":
                OnNick(output, message);
                break;
            case "TOPIC":
                var topic = DisplayText.Clean(message.Param(1));
                output.Lines.Add(topic.Length == 0
                    ? $"* {Who(message)} cleared the topic of {Clean(message.Param(0))}"
                    : $"* {Who(message)} changed the topic of {Clean(message.Param(0))} to: {topic}");
                break;
            case "INVITE":
                var room = Clean(message.Param(1));
                output.Lines.Add($"* {Who(message)} invites you to {room} (type /join {room})");
                break;
            case "MODE":
                if (IrcNames.IsChannelName(message.Param(0) ?? string.Empty) && !IsServer(message.Source))
                {
                    output.Lines.Add($"* {Who(message)} sets mode {Clean(string.Join(' ', message.Parameters.Skip(1)))} on {Clean(message.Param(0))}");
                }
                break;
            case "PONG":
                if (_flushToken is not null && message.Parameters.Count > 0 && message.Parameters[^1] == _flushToken)
                {
                    _flushToken = null;
                    output.Signals |= ClientSignal.Flushed;
                }
                break;
            case "ERROR":
                ServerError = message.Param(0) ?? string.Empty;
                break;
        }
        return output;
    }

    private void SayInCurrentRoom(ClientOutput output, string text, bool action)
    {
        if (CurrentRoom is null)
        {
            output.Lines.Add("You are not in a room: type /join #room first.");
            return;
        }
        SendText(output, CurrentRoom, text, action);
    }

    private static void SendText(ClientOutput output, string target, string text, bool action)
    {
        var budget = TextSplitter.Budget("PRIVMSG", target, action ? "\x01ACTION \x01".Length : 0);
        foreach (var piece in TextSplitter.Split(text, budget))
        {
            output.Messages.Add(new IrcMessage("PRIVMSG", target, action ? $"\x01ACTION {piece}\x01" : piece));
        }
    }

    private void JoinRoom(ClientOutput output, string room, string? key)
    {
        if (FindRoom(room) is { } joined)
        {
            CurrentRoom = joined;
            output.Lines.Add($"Now talking in {joined}.");
            return;
        }
        // Switch at once rather than on the server's JOIN: lines typed right after /join (a script) then go to the
        // new room, as the server handles them in order. A refusal switches back.
        _pendingJoins[IrcCaseMapping.Fold(room)] = CurrentRoom;
        CurrentRoom = room;
        output.Messages.Add(key is null ? new IrcMessage("JOIN", room) : new IrcMessage("JOIN", room, key));
    }

    private void PartRoom(ClientOutput output, string? room, string? reason)
    {
        if (room is null)
        {
            output.Lines.Add("You are not in a room.");
            return;
        }
        output.Messages.Add(reason is null ? new IrcMessage("PART", room) : new IrcMessage("PART", room, reason));
    }

    private void SendPrivate(ClientOutput output, string target, string text)
    {
        SendText(output, target, text, action: false);
        if (IrcNames.IsChannelName(target))
        {
            // Our own room messages are not shown when echoed (the typed line is on screen already), so say here where
            // this one went.
            output.Lines.Add($"[{target}] <{Nick}> {text}");
        }
        else if (!HasCapability("echo-message"))
        {
            output.Lines.Add($"-> *{target}* {text}");
        }
    }

    private void AskWho(ClientOutput output, string? room)
    {
        if (room is null)
        {
            output.Lines.Add("You are not in a room: type /who #room.");
            return;
        }
        _whoRequested.Add(IrcCaseMapping.Fold(room));
        output.Messages.Add(new IrcMessage("NAMES", room));
    }

    private void OnCap(ClientOutput output, IrcMessage message)
    {
        var sub = (message.Param(1) ?? string.Empty).ToUpperInvariant();
        switch (sub)
        {
            case "LS":
                var more = message.Param(2) == "*";
                foreach (var cap in Words(more ? message.Param(3) : message.Param(2)))
                {
                    var eq = cap.IndexOf('=');
                    _offeredCaps.Add(eq < 0 ? cap : cap[..eq]);
                }
                if (more || IsRegistered)
                {
                    break;
                }
                var wanted = WantedCapabilities.Where(_offeredCaps.Contains).ToList();
                output.Messages.Add(wanted.Count > 0 ? new IrcMessage("CAP", "REQ", string.Join(' ', wanted)) : new IrcMessage("CAP", "END"));
                break;
            case "ACK":
                foreach (var cap in Words(message.Param(2)))
                {
                    if (cap.StartsWith('-'))
                    {
                        _caps.Remove(cap[1..]);
                    }
                    else
                    {
                        _caps.Add(cap);
                    }
                }
                if (!IsRegistered)
                {
                    output.Messages.Add(new IrcMessage("CAP", "END"));
                }
                break;
            case "NAK":
                if (!IsRegistered)
                {
                    output.Messages.Add(new IrcMessage("CAP", "END"));
                }
                break;
            case "DEL":
                foreach (var cap in Words(message.Param(2)))
                {
                    _caps.Remove(cap);
                }
                break;
        }
    }

    private void OnSpeech(ClientOutput output, IrcMessage message, bool notice)
    {
        var target = message.Param(0) ?? string.Empty;
        var raw = message.Param(1) ?? string.Empty;
        if (IsServer(message.Source))
        {
            output.Lines.Add("Server: " + DisplayText.Clean(raw));
            return;
        }
        var (isAction, text) = Ctcp(raw);
        if (text is null)
        {
            return; // a CTCP request such as VERSION: not for showing
        }
        var sender = Who(message);
        var fromMe = IsMe(NickOf(message.Source));
        var room = target.TrimStart('@', '+');
        if (IrcNames.IsChannelName(room))
        {
            if (fromMe)
            {
                return; // the echo of what we typed, which is on screen already
            }
            var where = IsCurrent(room) ? string.Empty : $"[{Clean(room)}] ";
            output.Lines.Add(where + (isAction ? $"* {sender} {text}" : notice ? $"-{sender}- {text}" : $"<{sender}> {text}"));
            return;
        }
        if (fromMe && !IsMe(target))
        {
            var to = Clean(target);
            output.Lines.Add(isAction ? $"-> *{to}* * {sender} {text}" : notice ? $"-> -{to}- {text}" : $"-> *{to}* {text}");
            return;
        }
        output.Lines.Add(isAction ? $"* {sender} {text} (private)" : notice ? $"-{sender}- {text}" : $"*{sender}* {text}");
    }

    private void OnJoin(ClientOutput output, IrcMessage message)
    {
        var room = message.Param(0) ?? string.Empty;
        if (!IsMe(NickOf(message.Source)))
        {
            output.Lines.Add($"* {Who(message)} joined {Clean(room)}");
            return;
        }
        _pendingJoins.Remove(IrcCaseMapping.Fold(room));
        if (FindRoom(room) is null)
        {
            _rooms.Add(room);
        }
        if (CurrentRoom is null || IsCurrent(room))
        {
            CurrentRoom = room; // the server's spelling
        }
        output.Lines.Add($"* You joined {Clean(room)}");
    }

    private void OnPart(ClientOutput output, IrcMessage message)
    {
        var room = message.Param(0) ?? string.Empty;
        if (IsMe(NickOf(message.Source)))
        {
            output.Lines.Add($"* You left {Clean(room)}");
            Forget(output, room);
            return;
        }
        output.Lines.Add($"* {Who(message)} left {Clean(room)}{Reason(message.Param(1))}");
    }

    private void OnKick(ClientOutput output, IrcMessage message)
    {
        var room = message.Param(0) ?? string.Empty;
        var victim = message.Param(1) ?? string.Empty;
        if (IsMe(victim))
        {
            output.Lines.Add($"* You were kicked from {Clean(room)} by {Who(message)}{Reason(message.Param(2))}");
            Forget(output, room);
            return;
        }
        output.Lines.Add($"* {Clean(victim)} was kicked from {Clean(room)} by {Who(message)}{Reason(message.Param(2))}");
    }

    /// <summary>Takes a room we left off our list; when it was the current one, another room we are in becomes current.</summary>
    private void Forget(ClientOutput output, string room)
    {
        if (FindRoom(room) is { } joined)
        {
            _rooms.Remove(joined);
        }
        if (IsCurrent(room))
        {
            CurrentRoom = _rooms.Count > 0 ? _rooms[^1] : null;
            output.Lines.Add(CurrentRoom is null ? "You are in no room now: type /join #room." : $"Now talking in {CurrentRoom}.");
        }
    }

    private void OnNick(ClientOutput output, IrcMessage message)
    {
        var old = NickOf(message.Source);
        var now = message.Param(0) ?? string.Empty;
        if (IsMe(old))
        {
            Nick = now;
            output.Lines.Add($"* You are now known as {Clean(now)}");
            return;
        }
        output.Lines.Add($"* {Clean(old)} is now known as {Clean(now)}");
    }

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
                output.Lines.Add("Server: " + DisplayText.Clean(TrimMotdDash(message.Param(1))));
                return;
            case Numerics.RPL_AWAY:
                output.Lines.Add($"* {Clean(message.Param(1))} is away: {Clean(message.Param(2))}");
                return;
        }
        if (QuietNumerics.Contains(numeric))
        {
            return;
        }
        var details = p.Skip(1).Select(DisplayText.Clean).ToList();
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
        var names = _names.Complete(room);
        var asked = _whoRequested.Remove(IrcCaseMapping.Fold(room));
        if (!asked)
        {
            // The list the server sends on joining: one line is enough.
            if (names.Count > 0)
            {
                output.Lines.Add($"People in {Clean(room)}: {string.Join(", ", names.Select(DisplayText.Clean))}");
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
        var nick = DisplayText.Clean(NickOf(entry[i..]));
        return statuses.Count == 0 ? nick : $"{nick} ({string.Join(", ", statuses)})";
    }

    private void RevertJoin(ClientOutput output, List<string> details, string room)
    {
        output.Lines.Add("Error: " + Describe(details));
        if (_pendingJoins.Remove(IrcCaseMapping.Fold(room), out var previous) && IsCurrent(room))
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

    /// <summary>The text of a CTCP ACTION, the plain text of a normal message, or null text for another CTCP.</summary>
    private static (bool IsAction, string? Text) Ctcp(string raw)
    {
        if (raw.Length == 0 || raw[0] != '\x01')
        {
            return (false, DisplayText.Clean(raw));
        }
        var body = raw.Trim('\x01');
        if (body.StartsWith("ACTION ", StringComparison.OrdinalIgnoreCase))
        {
            return (true, DisplayText.Clean(body["ACTION ".Length..]));
        }
        return (false, null);
    }

    private bool IsServer(string? source) =>
        source is null || (!source.Contains('!') && (source.Contains('.') || source == _serverName));

    private bool IsMe(string nick) => IrcCaseMapping.AreEqual(nick, Nick);

    private bool IsCurrent(string room) => CurrentRoom is not null && IrcCaseMapping.AreEqual(room, CurrentRoom);

    private string? FindRoom(string room) => _rooms.FirstOrDefault(r => IrcCaseMapping.AreEqual(r, room));

    private static string NickOf(string? source)
    {
        if (source is null)
        {
            return string.Empty;
        }
        var bang = source.IndexOf('!');
        return bang < 0 ? source : source[..bang];
    }

    private static string Who(IrcMessage message) => DisplayText.Clean(NickOf(message.Source));

    private static string Clean(string? text) => DisplayText.Clean(text);

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? string.Empty : $" ({DisplayText.Clean(reason)})";

    private static string TrimMotdDash(string? line) => line is not null && line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line ?? string.Empty;

    private static string[] Words(string? list) => (list ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string UserNameFor(string nick)
    {
        var user = new string(nick.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return user.Length == 0 ? "parley" : user.Length > 16 ? user[..16] : user;
    }

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
