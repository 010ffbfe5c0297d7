using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Turns hub messages (IRC's message model) into the bytes of one door's wire.</summary>
public interface IWireFormat
{
    /// <summary>A key such that sessions with equal keys receive identical bytes for any message, so fan-out can
    /// encode once per key; <see cref="Unshared"/> when the bytes depend on the recipient itself.</summary>
    int EncodingKey(Session recipient);

    /// <summary>The bytes to send for <paramref name="message"/>; empty when this wire shows nothing for it.</summary>
    ReadOnlyMemory<byte> Encode(IrcMessage message, Session recipient);

    /// <summary>The key of a format whose output is specific to each recipient.</summary>
    public const int Unshared = -1;
}
