using Parley.Protocol.Irc;

namespace Parley.Client.Chat;

/// <summary>Events of one step of <see cref="ChatClient"/> that the program driving it has to act on.</summary>
[Flags]
public enum ClientSignal
{
    /// <summary>Nothing beyond lines and messages.</summary>
    None = 0,

    /// <summary>Registration completed: the user can start typing.</summary>
    Registered = 1 << 0,

    /// <summary>The user asked to quit (typed exit or /quit); <see cref="ClientOutput.QuitReason"/> says why.</summary>
    QuitRequested = 1 << 1,

    /// <summary>The server answered the flush PING: everything sent before it has been handled.</summary>
    Flushed = 1 << 2,

    /// <summary>The client cannot go on (no free nick); quit with a failure.</summary>
    GaveUp = 1 << 3,
}

/// <summary>What one step of <see cref="ChatClient"/> produced: lines to show, messages to send, signals.</summary>
public sealed class ClientOutput
{
    /// <summary>Lines for the screen, in order.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>Messages for the server, in order.</summary>
    public List<IrcMessage> Messages { get; } = [];

    /// <summary>Signals for the driver.</summary>
    public ClientSignal Signals { get; set; }

    /// <summary>The reason given with /quit, when <see cref="ClientSignal.QuitRequested"/> is set.</summary>
    public string? QuitReason { get; set; }

    /// <summary>Whether the step produced a signal.</summary>
    public bool Has(ClientSignal signal) => (Signals & signal) == signal;
}
