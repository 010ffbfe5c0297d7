using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Someone connected: identity, negotiated capabilities, rooms, and the transport that carries their bytes.</summary>
/// <remarks>Owned by the hub: every field is read and written only on the hub's thread.</remarks>
public sealed class Session
{
    internal Session(long id, ISessionTransport transport, IWireFormat format, DateTimeOffset now)
    {
        Id = id;
        Transport = transport;
        Format = format;
        Host = transport.Host;
        ConnectedAt = now;
        LastActive = now;
        LastHeard = now;
    }

    /// <summary>A number unique among this server's sessions.</summary>
    public long Id { get; }

    /// <summary>The connection's transport.</summary>
    public ISessionTransport Transport { get; }

    /// <summary>How messages are written for this session's wire (IRC or plain text).</summary>
    public IWireFormat Format { get; internal set; }

    /// <summary>State the door keeps with the session (the plain-text door's current room, for example).</summary>
    public object? DoorState { get; set; }

    /// <summary>The current nick, or null before one was accepted.</summary>
    public string? Nick
    {
        get;
        internal set
        {
            field = value;
            _mask = null;
        }
    }

    /// <summary>When the session took its current nick (a case change does not count): private history keyed by the
    /// nick is shown from then on, since before that the nick may have been someone else's.</summary>
    public DateTimeOffset NickSince { get; internal set; }

    /// <summary>The account the session is logged in to (SASL, REGISTER, NickServ IDENTIFY), or null.</summary>
    public string? Account { get; internal set; }

    /// <summary>The SASL exchange in progress (AUTHENTICATE), or null.</summary>
    internal Accounts.SaslSession? Sasl { get; set; }

    /// <summary>Whether a password of this session is being checked (or hashed) off the hub's thread: its further lines
    /// (CAP END included, so registration too) wait for the answer.</summary>
    internal bool IsCheckingPassword { get; set; }

    /// <summary>Lines received while a password check runs, answered in order once it is done (see
    /// <see cref="IsCheckingPassword"/>).</summary>
    internal Queue<Action<ChatHub>>? HeldWhileChecking { get; set; }

    /// <summary>The nick, or "*" before one is set (the target of numerics).</summary>
    public string NickOrStar => Nick ?? "*";

    /// <summary>The username from USER.</summary>
    public string? UserName
    {
        get;
        internal set
        {
            field = value;
            _mask = null;
        }
    }

    /// <summary>The real name from USER or SETNAME.</summary>
    public string RealName { get; internal set; } = string.Empty;

    /// <summary>The host shown in the hostmask.</summary>
    public string Host
    {
        get;
        internal set
        {
            field = value;
            _mask = null;
        }
    }

    /// <summary>nick!user@host.</summary>
    /// <remarks>Kept until a part changes: every message the session sends carries it as its source.</remarks>
    public string Mask => _mask ??= $"{Nick}!{UserName}@{Host}";

    private string? _mask;

    /// <summary>The password given with PASS before registration.</summary>
    public string? Password { get; internal set; }

    /// <summary>Whether registration completed (001 was sent).</summary>
    public bool IsRegistered { get; internal set; }

    /// <summary>Whether CAP negotiation holds registration back (between CAP LS/REQ and CAP END).</summary>
    public bool IsNegotiatingCaps { get; internal set; }

    /// <summary>The CAP LS version the client asked for (0 when it never sent CAP LS).</summary>
    public int CapVersion { get; internal set; }

    /// <summary>The negotiated capabilities.</summary>
    public Capability Caps { get; internal set; }

    /// <summary>Whether the session negotiated <paramref name="cap"/>.</summary>
    public bool Has(Capability cap) => (Caps & cap) == cap;

    /// <summary>User modes.</summary>
    public UserModes Modes { get; internal set; }

    /// <summary>Whether the session is an IRC operator.</summary>
    public bool IsOperator => Modes.HasFlag(UserModes.Operator);

    /// <summary>Whether the session marked itself a bot (user mode +B, IRCv3 bot-mode).</summary>
    public bool IsBot => Modes.HasFlag(UserModes.Bot);

    /// <summary>The away message, or null when present.</summary>
    public string? AwayMessage { get; internal set; }

    /// <summary>The rooms the session is in.</summary>
    public List<Room> Rooms { get; } = [];

    /// <summary>Rooms that invited the session (see <see cref="Room.Invited"/>).</summary>
    public HashSet<Room> Invitations { get; } = [];

    /// <summary>When the session connected.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>When the session last sent a message to someone (WHOIS idle time).</summary>
    public DateTimeOffset LastActive { get; internal set; }

    /// <summary>When anything was last received from the session (ping timeout).</summary>
    public DateTimeOffset LastHeard { get; internal set; }

    /// <summary>Whether the session's client answers PING (plain-text users cannot; their liveness is the socket's).</summary>
    public bool AnswersPing { get; set; } = true;

    /// <summary>When the server sent a PING it has no PONG for yet, or null.</summary>
    public DateTimeOffset? PingSentAt { get; internal set; }

    /// <summary>Set once the session is leaving: nothing more is sent to it or accepted from it.</summary>
    public string? QuitReason { get; internal set; }

    /// <summary>Whether the session is leaving or gone.</summary>
    public bool IsClosing => QuitReason is not null;

    /// <summary>Whether bytes were queued to this session in the current batch of hub work and wait for the batch's
    /// end to be flushed (see <see cref="ChatHub.EndOfBatch"/>).</summary>
    internal bool AwaitingFlush { get; set; }

    /// <summary>The batch the client has opened and not yet closed (draft/multiline), or null.</summary>
    public ClientBatch? OpenBatch { get; internal set; }

    /// <summary>Flood control's state: the session's token bucket and the commands waiting their turn.</summary>
    internal FloodState Flood { get; } = new();

    /// <summary>While a labeled command runs, the replies to its sender are collected here (labeled-response).</summary>
    internal List<IrcMessage>? Captured { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Nick ?? $"#{Id}";
}
