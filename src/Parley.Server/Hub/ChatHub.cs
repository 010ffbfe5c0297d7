using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Protocol.Irc;
using Parley.Server.Commands;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Server.Hub;

/// <summary>The one owner of chat state: sessions, nicks, rooms. Every method runs on the hub's thread (see
/// <see cref="HubLoop"/>), so no state here needs a lock; doors only post work to it.</summary>
public sealed class ChatHub
{
    private readonly Dictionary<long, Session> _sessions = [];
    private readonly List<Session> _leaving = [];
    private readonly List<Session> _unflushed = [];
    private int _workInBatch;
    private readonly HistoryCommitFailures _commitFailures;
    private readonly CommandDispatcher _dispatcher;
    private readonly FloodControl _flood;
    private readonly AddressRanges _exempt;
    private long _nextSessionId;
    private long _nextMessageId;
    private readonly string _msgidPrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Creates a hub with the given settings and clock.</summary>
    /// <remarks>Without <paramref name="storage"/>, the hub keeps its data in a private in-memory SQLite database.</remarks>
    public ChatHub(ServerOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null, ServerStorage? storage = null)
    {
        Options = options;
        Storage = storage ?? ServerStorage.InMemory(options.History.Enabled);
        Time = time ?? TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        ConnectionLog = loggers.CreateLogger("Parley.Connections");
        MessageLog = loggers.CreateLogger("Parley.Messages");
        _commitFailures = new HistoryCommitFailures(loggers.CreateLogger("Parley.History"), Time);
        CreatedAt = Time.GetUtcNow();
        _dispatcher = new CommandDispatcher(this);
        Support = new ServerSupport(options);
        _exempt = AddressRanges.Parse(options.Limits.Exempt);
        _flood = new FloodControl(this);
        Bans = new ServerBans(Storage.Bans, CreatedAt);
        Retention = new HistoryRetention(options.History, Storage.History, ConnectionLog);
        Accounts = new Accounts.AccountService(this);
    }

    /// <summary>Deletes history past its configured age and count, a bounded step at a time from <see cref="Tick"/>.</summary>
    public HistoryRetention Retention { get; }

    /// <summary>Logins, password checks and nick protection.</summary>
    public Accounts.AccountService Accounts { get; }

    /// <summary>The settings.</summary>
    public ServerOptions Options { get; }

    /// <summary>What is kept across restarts (history, accounts, bans).</summary>
    public ServerStorage Storage { get; }

    /// <summary>Server-wide bans (KLINE, DLINE), loaded from <see cref="Storage"/>.</summary>
    public ServerBans Bans { get; }

    /// <summary>OPER attempts being checked and recent failures, per address (operator password guessing is limited).</summary>
    internal Commands.Operator.OperAttempts OperAttempts { get; } = new();

    /// <summary>The clock; a fake one in tests.</summary>
    public TimeProvider Time { get; }

    /// <summary>The server's name, the source of its numerics.</summary>
    public string ServerName => Options.ServerName;

    /// <summary>When the hub started (RPL_CREATED).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>ISUPPORT tokens and version strings.</summary>
    public ServerSupport Support { get; }

    /// <summary>Who holds which nick.</summary>
    public INickRegistry Nicks { get; } = new NickRegistry();

    /// <summary>Which rooms exist.</summary>
    public IRoomRegistry Rooms { get; } = new RoomRegistry();

    /// <summary>Who MONITORs which nick.</summary>
    public MonitorRegistry Monitors { get; } = new();

    /// <summary>IRCv3 metadata of users and rooms, and the sessions' subscriptions to it.</summary>
    public IMetadataStore Metadata { get; } = new MetadataStore();

    /// <summary>Recently departed users.</summary>
    public WhowasLog Whowas { get; } = new();

    /// <summary>Where users' read markers (draft/read-marker) are kept.</summary>
    public IReadMarkerStore ReadMarkers { get; } = new SessionReadMarkerStore();

    /// <summary>Log of connections and disconnections.</summary>
    public ILogger ConnectionLog { get; }

    /// <summary>Log of every message received (turned off by --quiet).</summary>
    public ILogger MessageLog { get; }

    /// <summary>How timers get work onto the hub's thread: the loop's Post, set by <see cref="HubLoop"/>. Null for a hub
    /// driven by hand (tests), whose <see cref="Tick"/> then does what the timers would.</summary>
    public Action<Action<ChatHub>>? Post { get; set; }

    /// <summary>How many sessions have commands held back by flood control.</summary>
    public int ThrottledCount => _flood.WaitingSessions;

    /// <summary>Every connected session, registered or not.</summary>
    public IReadOnlyCollection<Session> Sessions => _sessions.Values;

    /// <summary>How many sessions completed registration and are still here.</summary>
    public int RegisteredCount { get; private set; }

    /// <summary>The highest <see cref="RegisteredCount"/> seen (LUSERS 265/266); unregistered connections do not count.</summary>
    public int MaxUsersSeen { get; private set; }

    /// <summary>Marks a session registered (it has a nick and a user name and may now chat).</summary>
    public void CompleteRegistration(Session session)
    {
        if (session.IsRegistered)
        {
            return;
        }
        session.IsRegistered = true;
        FloodControl.Registered(session);
        RegisteredCount++;
        MaxUsersSeen = Math.Max(MaxUsersSeen, RegisteredCount);
        MonitorNotices.Online(this, session);
    }

    /// <summary>Opens a session for a new connection.</summary>
    public Session Connect(ISessionTransport transport, IWireFormat format)
    {
        var session = new Session(++_nextSessionId, transport, format, Time.GetUtcNow());
        session.Flood.Exempt = _exempt.Contains(transport.Address);
        _sessions.Add(session.Id, session);
        ConnectionLog.LogInformation("connection #{Id} from {Peer}", session.Id, transport.RemoteEndPoint);
        return session;
    }

    /// <summary>Handles one message received from a session, now or, when flood control holds the session back, in its
    /// turn.</summary>
    public void Receive(Session session, IrcMessage message, IrcParseError error = IrcParseError.None)
    {
        if (!Heard(session, out var now))
        {
            return;
        }
        if (session.IsCheckingPassword)
        {
            Hold(session, hub => hub.Receive(session, message, error));
            return;
        }
        var free = FloodControl.IsBatchLine(session, message);
        if (_flood.TryTake(session, now, free))
        {
            _dispatcher.Dispatch(session, message, error);
        }
        else
        {
            WaitTurn(session, message, error, free);
        }
        CompleteLeaving();
    }

    /// <summary>Handles a line that was too long to frame at all (answered with 417, the connection stays).</summary>
    public void ReceiveTooLong(Session session) => ReceiveLine(session, static (hub, session) =>
        hub.SendNumeric(session, Numerics.ERR_INPUTTOOLONG, "Input line was too long"));

    /// <summary>Handles one line of a door that reads lines its own way (plain text), under the same flood control as
    /// IRC commands.</summary>
    public void ReceiveLine(Session session, Action<ChatHub, Session> handle)
    {
        if (!Heard(session, out var now))
        {
            return;
        }
        if (session.IsCheckingPassword)
        {
            Hold(session, hub => hub.ReceiveLine(session, handle));
            return;
        }
        if (_flood.TryTake(session, now))
        {
            handle(this, session);
        }
        else
        {
            WaitTurn(session, handle);
        }
        CompleteLeaving();
    }

    /// <summary>Runs a command for a session at once, past flood control: for a door that turns its own lines into
    /// commands (the line was counted when it came in, through <see cref="ReceiveLine"/>).</summary>
    internal void Execute(Session session, IrcMessage message)
    {
        if (session.IsClosing)
        {
            return;
        }
        _dispatcher.Dispatch(session, message, IrcParseError.None);
        CompleteLeaving();
    }

    /// <summary>Keeps a session's line while its password is being checked off the hub's thread, so that its commands
    /// are still answered in the order sent (a PING after AUTHENTICATE gets its PONG after 903). More lines than flood
    /// control would queue end the session.</summary>
    private void Hold(Session session, Action<ChatHub> line)
    {
        var held = session.HeldWhileChecking ??= new Queue<Action<ChatHub>>();
        if (held.Count >= Math.Max(Options.Limits.FloodQueueCommands, 1))
        {
            CloseWithError(session, "Excess Flood");
            return;
        }
        held.Enqueue(line);
    }

    /// <summary>Runs the lines held during a password check, in order, until they are done or another check starts.</summary>
    internal void ReleaseHeld(Session session)
    {
        var held = session.HeldWhileChecking;
        while (held is { Count: > 0 } && !session.IsCheckingPassword && !session.IsClosing)
        {
            held.Dequeue()(this);
        }
        if (session.IsClosing)
        {
            held?.Clear();
        }
    }

    /// <summary>Runs the commands flood control held back whose turn has come.</summary>
    public void ReleaseWaiting()
    {
        _flood.Release(Time.GetUtcNow().UtcTicks);
        CompleteLeaving();
    }

    /// <summary>Notes that the session was heard from (any line counts as an answer to PING); false once it is leaving.</summary>
    private bool Heard(Session session, out long now)
    {
        now = 0;
        if (session.IsClosing)
        {
            return false;
        }
        var time = Time.GetUtcNow();
        session.LastHeard = time;
        session.PingSentAt = null;
        now = time.UtcTicks;
        return true;
    }

    /// <summary>Queues a held-back command; a method of its own so the fast path allocates no closure.</summary>
    private void WaitTurn(Session session, IrcMessage message, IrcParseError error, bool free) =>
        _flood.Wait(session, hub => hub._dispatcher.Dispatch(session, message, error), free);

    private void WaitTurn(Session session, Action<ChatHub, Session> handle) => _flood.Wait(session, hub => handle(hub, session));

    /// <summary>Ends a session: its peers see QUIT with <paramref name="reason"/>, its nick is freed, its connection closed.</summary>
    public void Disconnect(Session session, string reason)
    {
        if (session.IsClosing)
        {
            return;
        }
        session.QuitReason = reason;
        _leaving.Add(session);
        CompleteLeaving();
    }

    /// <summary>Gives <paramref name="nick"/> to <paramref name="session"/>. A holder whose peer has already hung up
    /// (its disconnect still on the way to the hub) is let go first, so a client that reconnects at once gets its
    /// nick back instead of 433.</summary>
    public bool TryClaimNick(string nick, Session session)
    {
        if (Nicks.TryClaim(nick, session))
        {
            NoteNickTaken(nick, session);
            return true;
        }
        if (Nicks.Find(nick) is { } holder && holder != session && holder.Transport.HasPeerHungUp())
        {
            Disconnect(holder, "Connection closed");
            if (Nicks.TryClaim(nick, session))
            {
                NoteNickTaken(nick, session);
                return true;
            }
        }
        return false;
    }

    /// <summary>Records when a session took a nick other than its own (see <see cref="Session.NickSince"/>).</summary>
    public void NoteNickTaken(string nick, Session session)
    {
        if (session.Nick is null || !IrcCaseMapping.AreEqual(session.Nick, nick))
        {
            session.NickSince = Time.GetUtcNow();
        }
    }

    /// <summary>Tells the client why with <c>ERROR :Closing Link</c>, then ends the session as <see cref="Disconnect"/> does.</summary>
    public void CloseWithError(Session session, string reason)
    {
        Send(session, new IrcMessage("ERROR", $"Closing Link: {session.Host} ({reason})"));
        Disconnect(session, reason);
    }

    /// <summary>Runs timers: held-back commands whose turn came, PINGs to quiet sessions, ping and registration timeouts.</summary>
    public void Tick()
    {
        var now = Time.GetUtcNow();
        _flood.Release(now.UtcTicks);
        var limits = Options.Limits;
        foreach (var session in _sessions.Values)
        {
            if (session.IsClosing)
            {
                continue;
            }
            if (!session.IsRegistered)
            {
                if (now - session.ConnectedAt > TimeSpan.FromSeconds(limits.RegistrationTimeoutSeconds))
                {
                    CloseWithError(session, "Registration timeout");
                }
                continue;
            }
            if (!session.AnswersPing)
            {
                continue;
            }
            if (session.PingSentAt is { } sent)
            {
                if (now - sent > TimeSpan.FromSeconds(limits.PingTimeoutSeconds))
                {
                    CloseWithError(session, $"Ping timeout: {limits.PingTimeoutSeconds} seconds");
                }
            }
            else if (now - session.LastHeard > TimeSpan.FromSeconds(limits.PingIntervalSeconds))
            {
                session.PingSentAt = now;
                Send(session, new IrcMessage("PING", ServerName));
            }
        }
        Retention.Tick(now);
        Accounts.Tick(now);
        CompleteLeaving();
    }

    /// <summary>Tells every session the server is going away and closes them all.</summary>
    public void Shutdown(string reason = "Server shutting down")
    {
        var all = _sessions.Values.ToList();
        foreach (var session in all)
        {
            Send(session, new IrcMessage("ERROR", reason));
        }
        // Mark everyone first, so nobody is sent the QUITs of the others on the way out.
        foreach (var session in all)
        {
            session.QuitReason ??= reason;
            _leaving.Add(session);
        }
        CompleteLeaving();
    }

    /// <summary>Queues a message to one session (or to its labeled-response capture).</summary>
    public void Send(Session to, IrcMessage message)
    {
        if (to.Captured is { } captured)
        {
            captured.Add(message);
            return;
        }
        Deliver(to, to.Format.Encode(message, to));
    }

    /// <summary>Queues a message to one session past any labeled-response capture: for a copy that is not a reply to the
    /// command being run, such as a message to oneself received as its recipient (only the echo carries the label).</summary>
    public void SendUncaptured(Session to, IrcMessage message) => Deliver(to, to.Format.Encode(message, to));

    /// <summary>Sends a numeric from the server: the recipient's nick (or "*") comes first, then <paramref name="args"/>.</summary>
    public void SendNumeric(Session to, string numeric, params string[] args)
    {
        var parameters = new string[args.Length + 1];
        parameters[0] = to.NickOrStar;
        args.CopyTo(parameters, 1);
        Send(to, new IrcMessage(null, ServerName, numeric, parameters));
    }

    /// <summary>Sends a NOTICE from the server to a session.</summary>
    public void SendServerNotice(Session to, string text) =>
        Send(to, new IrcMessage(null, ServerName, "NOTICE", [to.NickOrStar, text]));

    /// <summary>Sends one message to many sessions, encoding it once per distinct wire and capability set.</summary>
    public void SendToMany(IEnumerable<Session> recipients, IrcMessage message, Session? except = null)
    {
        var encoder = new FanoutEncoder(message);
        foreach (var to in recipients)
        {
            SendShared(ref encoder, to, except);
        }
    }

    /// <summary>Sends one message to every member of <paramref name="room"/>, as <see cref="SendToMany"/> does: the
    /// common case, walked without an enumerator object or a copy of the members.</summary>
    public void SendToRoom(Room room, IrcMessage message, Session? except = null)
    {
        var encoder = new FanoutEncoder(message);
        foreach (var (to, _) in room.Members)
        {
            SendShared(ref encoder, to, except);
        }
    }

    private void SendShared(ref FanoutEncoder encoder, Session to, Session? except)
    {
        if (to == except || to.IsClosing)
        {
            return;
        }
        if (to.Captured is { } captured)
        {
            captured.Add(encoder.Message);
            return;
        }
        Deliver(to, encoder.EncodeFor(to));
    }

    /// <summary>Everyone who shares at least one room with <paramref name="session"/>, excluding the session itself.</summary>
    public HashSet<Session> Peers(Session session)
    {
        var peers = new HashSet<Session>();
        foreach (var room in session.Rooms)
        {
            foreach (var member in room.Members.Keys)
            {
                if (member != session)
                {
                    peers.Add(member);
                }
            }
        }
        return peers;
    }

    /// <summary>Everyone who follows <paramref name="session"/>'s presence changes (AWAY, SETNAME): its <see cref="Peers"/>,
    /// and those who MONITOR its nick with extended-monitor, who hear of them as if they shared a room.</summary>
    public HashSet<Session> Observers(Session session)
    {
        var observers = Peers(session);
        if (session.Nick is { } nick)
        {
            foreach (var watcher in Monitors.WatchersOf(nick))
            {
                if (watcher != session && watcher.Has(Capability.ExtendedMonitor))
                {
                    observers.Add(watcher);
                }
            }
        }
        return observers;
    }

    /// <summary>Adds the time and msgid tags a relayed message carries (clients see them per their capabilities), and,
    /// when <paramref name="sender"/> is given, the bot tag (IRCv3 bot-mode) if it has user mode +B and the account tag
    /// (account-tag) if it is logged in.</summary>
    public IrcMessage Stamp(IrcMessage message, IReadOnlyList<MessageTag>? clientTags = null, Session? sender = null)
    {
        var bot = sender is { IsBot: true };
        var account = sender?.Account;
        var tags = new MessageTag[2 + (bot ? 1 : 0) + (account is null ? 0 : 1) + (clientTags?.Count ?? 0)];
        tags[0] = new("time", ServerTimeNow());
        tags[1] = new("msgid", NewMessageId());
        var next = 2;
        if (bot)
        {
            tags[next++] = new("bot", string.Empty);
        }
        if (account is not null)
        {
            tags[next++] = new("account", account);
        }
        if (clientTags is not null)
        {
            for (var i = 0; i < clientTags.Count; i++)
            {
                tags[next++] = clientTags[i];
            }
        }
        return message.WithTags(tags);
    }

    /// <summary>Keeps a relayed message in history (durable at the end of the current batch, before anyone sees it).
    /// <paramref name="target"/> is its <see cref="HistoryTargets"/> key.</summary>
    public void Remember(IrcMessage message, string target, Session sender)
    {
        var history = Storage.History;
        if (!history.Enabled)
        {
            return;
        }
        string? msgid = null, time = null;
        var hasClientTags = false; // most messages carry none: then nothing is allocated for them
        foreach (var tag in message.Tags)
        {
            if (tag.Key == "msgid")
            {
                msgid = tag.Value;
            }
            else if (tag.Key == "time")
            {
                time = tag.Value;
            }
            else
            {
                hasClientTags |= tag.IsClientOnly;
            }
        }
        if (msgid is null)
        {
            return; // not a stamped message
        }
        // The time tag of a message stamped this millisecond is the one Stamp just wrote: its instant is known.
        var at = time is not null && ReferenceEquals(time, _stampText) ? _stampAt
            : time is not null && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : Time.GetUtcNow();
        history.Append(new HistoryEntry(msgid, at, target, message.Source ?? sender.Mask, sender.Account, message.Command,
            message.Parameters[0], message.Parameters.Count > 1 ? message.Parameters[1] : null, hasClientTags ? TagEscaping.Join(message.Tags.Where(t => t.IsClientOnly)) : string.Empty));
    }

    /// <summary>A new message id, unique across restarts of this server.</summary>
    public string NewMessageId() => MessageIds.Next(_msgidPrefix, ++_nextMessageId);

    /// <summary>The time tag's value for now (IRCv3 server-time: UTC with milliseconds). A busy hub stamps many messages
    /// within one millisecond, and they share one string.</summary>
    private string ServerTimeNow()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var millisecond = now.Ticks / TimeSpan.TicksPerMillisecond;
        if (millisecond != _stampMillisecond)
        {
            _stampMillisecond = millisecond;
            _stampText = MessageIds.ServerTime(now);
            _stampAt = new DateTimeOffset(millisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        }
        return _stampText;
    }

    private long _stampMillisecond = -1;
    private string _stampText = string.Empty;
    private DateTimeOffset _stampAt;

    /// <summary>Sessions that were marked to leave are removed once the current work item finishes.</summary>
    private void CompleteLeaving()
    {
        // A disconnect can mark more sessions (a QUIT fan-out that overflows someone's queue): loop until stable.
        for (var i = 0; i < _leaving.Count; i++)
        {
            Remove(_leaving[i]);
        }
        _leaving.Clear();
    }

    private void Deliver(Session to, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty || to.IsClosing)
        {
            return;
        }
        if (!to.Transport.TrySend(bytes))
        {
            to.QuitReason = "SendQ exceeded";
            _leaving.Add(to);
            return;
        }
        MarkUnflushed(to);
    }

    private void MarkUnflushed(Session session)
    {
        if (!session.AwaitingFlush)
        {
            session.AwaitingFlush = true;
            _unflushed.Add(session);
        }
    }

    /// <summary>Counts one piece of work toward the current batch (a work item of the loop, or one line of an item that
    /// carries many) and ends the batch once <see cref="HubLoop.MaxBatch"/> pieces have run since it began: so neither a
    /// busy queue nor one item of many lines holds a batch's output back for long, or lets what it queues for one
    /// client grow past that client's send queue.</summary>
    public void CountWork()
    {
        if (++_workInBatch >= HubLoop.MaxBatch)
        {
            EndOfBatch();
        }
    }

    /// <summary>Whether any work has run since the batch last ended (the loop then ends it when its queue runs dry).</summary>
    public bool HasBatchWork => _workInBatch > 0;

    /// <summary>Ends a batch of hub work (the loop calls it whenever its queue runs dry, and at least every
    /// <see cref="HubLoop.MaxBatch"/> items): first what the batch must keep is made durable, in one commit for the
    /// whole batch, then every connection the batch queued bytes for is flushed. So no client ever sees a message that a
    /// crash could still take back, and one flush (one send) carries everything a batch had for a connection.</summary>
    /// <remarks>When the commit fails (a full disk), nothing is flushed: the output stays held in the transports and the
    /// rows stay pending, and the next batch (at the latest the next second's tick) tries again. The server stalls
    /// rather than show anyone a message history does not have; see <see cref="HistoryCommitFailures"/>.</remarks>
    public void EndOfBatch()
    {
        _workInBatch = 0;
        try
        {
            Storage.History.Commit();
        }
        catch (HistoryCommitException ex)
        {
            _commitFailures.Failed(ex, _unflushed.Count);
            return;
        }
        _commitFailures.Succeeded();
        foreach (var session in _unflushed)
        {
            session.AwaitingFlush = false;
            session.Transport.Flush();
        }
        _unflushed.Clear();
    }

    private void Remove(Session session)
    {
        if (!_sessions.Remove(session.Id))
        {
            return;
        }
        var reason = session.QuitReason ?? "Connection closed";
        if (session.IsRegistered)
        {
            RegisteredCount--;
            var quit = Stamp(new IrcMessage(null, session.Mask, "QUIT", [reason]), sender: session);
            SendToMany(Peers(session), quit, except: session);
            Whowas.Remember(session, Time.GetUtcNow());
            MonitorNotices.Offline(this, session.Nick!);
        }
        Monitors.Clear(session);
        foreach (var room in session.Rooms)
        {
            room.Members.Remove(session);
            if (room.Members.Count == 0)
            {
                Rooms.Remove(room);
                Metadata.Forget(room);
            }
        }
        session.Rooms.Clear();
        Metadata.Forget(session);
        foreach (var room in session.Invitations)
        {
            room.Invited.Remove(session);
        }
        session.Invitations.Clear();
        session.Flood.Waiting?.Clear();
        session.Flood.WaitingCounted = 0;
        Nicks.Release(session);
        session.Transport.Close();
        MarkUnflushed(session);
        ConnectionLog.LogInformation("disconnected #{Id} {Nick} ({Peer}): {Reason}", session.Id, session.NickOrStar, session.Transport.RemoteEndPoint, reason);
    }
}
