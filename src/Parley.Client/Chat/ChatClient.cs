using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Protocol.Text;

namespace Parley.Client.Chat;

/// <summary>The client's side of a chat, with no sockets, console or clock: IRC messages and typed lines go in,
/// lines to show and IRC messages to send come out (<see cref="ClientOutput"/>).</summary>
/// <remarks>It keeps the little state a chat needs: our nick, the rooms we are in, the room typed lines go to and the
/// capabilities the server granted. One caller at a time: the driver applies every event in order on one loop.</remarks>
public sealed partial class ChatClient
{
    /// <summary>The capabilities the client asks for, each because it uses it: echo-message to show a private message
    /// only once the server accepted it, multi-prefix to show every status of the people in a room, batch and
    /// server-time to tell the history a room replays on join from live lines and show when it was said.</summary>
    public static readonly IReadOnlyList<string> WantedCapabilities = ["batch", "echo-message", "multi-prefix", "server-time"];

    private const string FlushTokenPrefix = "parley-flush-";

    private readonly ClientOptions _options;
    private readonly Random _random;
    private readonly List<string> _rooms = [];
    private readonly HashSet<string> _caps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _offeredCaps = new(StringComparer.Ordinal);
    private readonly NamesCollector _names = new();
    private readonly Dictionary<string, string?> _pendingJoins = new(StringComparer.Ordinal);
    private readonly HashSet<string> _historyBatches = new(StringComparer.Ordinal);
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
        : ServerError is { } reason ? $"Disconnected by the server: {TerminalText.Clean(reason)}"
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
        var budget = TextSplitter.Budget("PRIVMSG", target, action ? "\u0001ACTION \u0001".Length : 0);
        foreach (var piece in TextSplitter.Split(text, budget))
        {
            output.Messages.Add(new IrcMessage("PRIVMSG", target, action ? $"\u0001ACTION {piece}\u0001" : piece));
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
        _names.Expect(room, asked: false);
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
        _names.Expect(room, asked: true);
        output.Messages.Add(new IrcMessage("NAMES", room));
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

    private static string Who(IrcMessage message) => TerminalText.Clean(NickOf(message.Source));

    private static string Clean(string? text) => TerminalText.Clean(text);

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? string.Empty : $" ({TerminalText.Clean(reason)})";

    private static string TrimMotdDash(string? line) => line is not null && line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line ?? string.Empty;

    private static string[] Words(string? list) => (list ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string UserNameFor(string nick)
    {
        var user = new string(nick.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return user.Length == 0 ? "parley" : user.Length > 16 ? user[..16] : user;
    }
}
