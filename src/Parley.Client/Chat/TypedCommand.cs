namespace Parley.Client.Chat;

/// <summary>What a line the user typed asks for: a message to the current room or one of the slash commands.</summary>
public abstract record TypedCommand
{
    /// <summary>An empty line: nothing to do.</summary>
    public sealed record Nothing : TypedCommand;

    /// <summary>Text for the current room.</summary>
    public sealed record Say(string Text) : TypedCommand;

    /// <summary>/me TEXT: an action in the current room.</summary>
    public sealed record Act(string Text) : TypedCommand;

    /// <summary>/join #ROOM [KEY]: join a room and make it the current one.</summary>
    public sealed record Join(string Room, string? Key) : TypedCommand;

    /// <summary>/part [#ROOM] [REASON]: leave a room (the current one by default).</summary>
    public sealed record Part(string? Room, string? Reason) : TypedCommand;

    /// <summary>/msg TARGET TEXT: a private message to a nick, or a message to a room other than the current one.</summary>
    public sealed record PrivateMessage(string Target, string Text) : TypedCommand;

    /// <summary>/nick NAME: change nick.</summary>
    public sealed record ChangeNick(string Nick) : TypedCommand;

    /// <summary>/who [#ROOM]: who is in the room (the current one by default).</summary>
    public sealed record Who(string? Room) : TypedCommand;

    /// <summary>/quit [REASON] or `exit`: disconnect and close.</summary>
    public sealed record Quit(string? Reason) : TypedCommand;

    /// <summary>/help: the list of commands.</summary>
    public sealed record Help : TypedCommand;

    /// <summary>A slash command the client does not know.</summary>
    public sealed record Unknown(string Name) : TypedCommand;

    /// <summary>A known command used wrongly; <see cref="Problem"/> says how to use it.</summary>
    public sealed record Invalid(string Problem) : TypedCommand;
}
