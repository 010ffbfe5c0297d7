using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

/// <summary>Something the application learns from a <see cref="ReliableConnection"/>, taken with
/// <see cref="ReliableConnection.TryPollEvent"/>.</summary>
public abstract record ConnectionEvent;

/// <summary>The session is established (client: the server accepted; server: raised as the connection is created).</summary>
public sealed record ConnectedEvent : ConnectionEvent;

/// <summary>The next application message from the peer, in order, exactly once.</summary>
public sealed record MessageReceivedEvent(ReadOnlyMemory<byte> Message) : ConnectionEvent;

/// <summary>The session is over; raised exactly once per connection, whoever ended it. No message event follows.</summary>
/// <param name="Code">Why.</param>
/// <param name="Reason">The explanation (the peer's text when <paramref name="ByPeer"/>).</param>
/// <param name="ByPeer">True when the peer sent CLOSE; false for a local <see cref="ReliableConnection.Close"/>, a
/// timeout or a protocol violation by the peer that this side detected.</param>
public sealed record ClosedEvent(CloseCode Code, string Reason, bool ByPeer) : ConnectionEvent;
