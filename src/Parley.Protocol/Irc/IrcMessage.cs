namespace Parley.Protocol.Irc;

/// <summary>One IRC message: optional tags and source, a command (word or three-digit numeric) and its parameters.</summary>
public sealed class IrcMessage
{
    private static readonly IReadOnlyList<MessageTag> NoTags = [];

    /// <summary>Creates a message with the given command and parameters and no tags or source.</summary>
    public IrcMessage(string command, params string[] parameters)
    {
        Command = command;
        Parameters = parameters;
    }

    /// <summary>Creates a message from all of its parts.</summary>
    public IrcMessage(IReadOnlyList<MessageTag>? tags, string? source, string command, IReadOnlyList<string> parameters)
    {
        Tags = tags ?? NoTags;
        Source = source;
        Command = command;
        Parameters = parameters;
    }

    /// <summary>The tags, in the order they were given; empty when there are none.</summary>
    public IReadOnlyList<MessageTag> Tags { get; init; } = NoTags;

    /// <summary>The source (prefix) without its leading ':', or null.</summary>
    public string? Source { get; init; }

    /// <summary>The command as sent; commands are matched case-insensitively by the server.</summary>
    public string Command { get; init; }

    /// <summary>The parameters; the last one may contain spaces.</summary>
    public IReadOnlyList<string> Parameters { get; init; }

    /// <summary>The parameter at <paramref name="index"/>, or null when there are fewer parameters.</summary>
    public string? Param(int index) => index < Parameters.Count ? Parameters[index] : null;

    /// <summary>The value of tag <paramref name="key"/>, or null when the message does not carry it.</summary>
    public string? Tag(string key)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }

    /// <summary>A copy of this message with other tags.</summary>
    public IrcMessage WithTags(IReadOnlyList<MessageTag> tags) => new(tags, Source, Command, Parameters);

    /// <summary>A copy of this message with one tag added or replaced.</summary>
    public IrcMessage WithTag(string key, string value)
    {
        var tags = new List<MessageTag>(Tags.Count + 1);
        foreach (var tag in Tags)
        {
            if (tag.Key != key)
            {
                tags.Add(tag);
            }
        }
        tags.Add(new MessageTag(key, value));
        return WithTags(tags);
    }

    /// <summary>The message as one IRC line without its line ending (for logs and tests).</summary>
    public override string ToString() => IrcWriter.ToLine(this);
}
