using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Protocol.Text;

namespace Parley.Client.Chat;

/// <summary>What the server says, other than numeric replies: messages, notices, joins, parts, nick changes...</summary>
public sealed partial class ChatClient
{
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
            case "AUTHENTICATE":
                OnAuthenticate(output, message);
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
                var topic = TerminalText.Clean(message.Param(1));
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
            case "BATCH":
                OnBatch(message);
                break;
        }
        return output;
    }

    /// <summary>Notes which batches hold replayed history (type chathistory); the lines of others show as usual.</summary>
    private void OnBatch(IrcMessage message)
    {
        var reference = message.Param(0) ?? string.Empty;
        if (reference.StartsWith('+') && message.Param(1) == "chathistory")
        {
            _historyBatches.Add(reference[1..]);
        }
        else if (reference.StartsWith('-'))
        {
            _historyBatches.Remove(reference[1..]);
        }
    }

    /// <summary>"[12:01] " for a line replayed from history (in a chathistory batch, with a time tag), else "".</summary>
    private string HistoryPrefix(IrcMessage message)
    {
        if (message.Tag("batch") is not { } batch || !_historyBatches.Contains(batch)
            || !DateTimeOffset.TryParse(message.Tag("time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return string.Empty;
        }
        var local = TimeZoneInfo.ConvertTime(time, _options.TimeZone);
        return $"[{local:HH:mm}] ";
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
                if (WantsLogin && _offeredCaps.Contains("sasl"))
                {
                    wanted.Add("sasl");
                }
                else if (WantsLogin)
                {
                    ReportNoSasl(output);
                }
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
                    AfterCapReply(output);
                }
                break;
            case "NAK":
                if (!IsRegistered)
                {
                    AfterCapReply(output);
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
            output.Lines.Add("Server: " + TerminalText.Clean(raw));
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
        var history = HistoryPrefix(message);
        if (IrcNames.IsChannelName(room))
        {
            if (fromMe && history.Length == 0)
            {
                return; // the echo of what we typed, which is on screen already
            }
            var where = history + (IsCurrent(room) ? string.Empty : $"[{Clean(room)}] ");
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

    /// <summary>The text of a CTCP ACTION, the plain text of a normal message, or null text for another CTCP.</summary>
    private static (bool IsAction, string? Text) Ctcp(string raw)
    {
        if (raw.Length == 0 || raw[0] != '\x01')
        {
            return (false, TerminalText.Clean(raw));
        }
        var body = raw.Trim('\x01');
        if (body.StartsWith("ACTION ", StringComparison.OrdinalIgnoreCase))
        {
            return (true, TerminalText.Clean(body["ACTION ".Length..]));
        }
        return (false, null);
    }
}
