using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>A batch a client has opened (<c>BATCH +reference type params...</c>) and not yet closed: the lines it
/// collects are held here and acted on together when it closes.</summary>
/// <param name="Reference">The client's reference tag, without '+'.</param>
/// <param name="Type">The batch type, e.g. "draft/multiline".</param>
/// <param name="Parameters">The parameters after the type (for multiline, the target).</param>
/// <param name="ClientTags">The client-only tags given on the opening, to be carried by what the batch becomes.</param>
/// <param name="Label">The labeled-response label given on the opening: it labels the answer to the closing.</param>
public sealed record ClientBatch(
    string Reference,
    string Type,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<MessageTag> ClientTags,
    string? Label)
{
    /// <summary>The lines collected so far, as received.</summary>
    public List<IrcMessage> Lines { get; } = [];

    /// <summary>The content size so far, as the batch type counts it (multiline: text bytes and line breaks).</summary>
    public int Size { get; set; }

    /// <summary>Set once the batch broke a rule: the client was told, and the rest of it is dropped when it closes.</summary>
    public bool Discarded { get; set; }

    /// <summary>The label that answers <paramref name="message"/> if it closes this batch, or null.</summary>
    public string? LabelForClosing(IrcMessage message) =>
        Label is not null && message.Command.Equals("BATCH", StringComparison.OrdinalIgnoreCase)
            && message.Param(0) == "-" + Reference ? Label : null;
}
