using System.Text;
using Parley.Protocol.Irc;
using Parley.Protocol.Text;
using Parley.Server.Hub;

namespace Parley.Server.Doors.Plain;

/// <summary>The plain-text wire: hub messages as short human lines ("&lt;nick&gt; text", "* nick joined #room",
/// "Server: text", "error: ..."), each ending in a newline; protocol chatter is left out.</summary>
public sealed class PlainWireFormat : IWireFormat
{
    /// <summary>The one instance.</summary>
    public static readonly PlainWireFormat Instance = new();

    private PlainWireFormat()
    {
    }

    /// <inheritdoc/>
    public int EncodingKey(Session recipient) => IWireFormat.Unshared; // lines name rooms relative to the reader's current one

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Encode(IrcMessage message, Session recipient)
    {
        // Cleaned after rendering, so nothing a sender typed (in any field) can start a line or move the cursor.
        var text = PlainRendering.Render(message, recipient);
        return text is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(TerminalText.Clean(text) + "\n");
    }
}
