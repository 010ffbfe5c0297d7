using System.Net;

namespace Parley.Server.Hub;

/// <summary>The connection under a session, as the hub sees it: a bounded outbound queue and a way to close.</summary>
/// <remarks>Implemented by each door (TCP, in-memory for tests). Called only from the hub's thread.</remarks>
public interface ISessionTransport
{
    /// <summary>The peer's address and port, for the console log.</summary>
    string RemoteEndPoint { get; }

    /// <summary>The peer's host as shown in hostmasks (its IP address in text).</summary>
    string Host { get; }

    /// <summary>The peer's IP address (IPv4-mapped addresses as IPv4), or null when it has none; what the
    /// Limits:Exempt ranges are matched against.</summary>
    IPAddress? Address { get; }

    /// <summary>The SHA-256 fingerprint (lower-case hex, no colons) of the certificate the client presented over TLS, or
    /// null (no TLS, or no client certificate): what SASL EXTERNAL and WHOIS's certfp line use.</summary>
    string? ClientCertificateFingerprint => null;

    /// <summary>Queues bytes for the peer; false when the queue is over its bound ("SendQ exceeded"). Nothing queued
    /// leaves before the next <see cref="Flush"/>.</summary>
    bool TrySend(ReadOnlyMemory<byte> bytes);

    /// <summary>Lets out what <see cref="TrySend"/> queued (and carries out a <see cref="Close"/>). The hub calls it once
    /// per batch of work, after whatever that batch must store first is stored: that is what keeps a message out of any
    /// client's hands until it is in history (see <see cref="ChatHub.EndOfBatch"/>).</summary>
    void Flush();

    /// <summary>Whether the peer has already hung up, though the door has not reported it yet. Asked only when
    /// it matters (someone wants this session's nick), so it may cost a system call.</summary>
    bool HasPeerHungUp();

    /// <summary>Asks to close the connection once what is queued is sent; it happens at the next <see cref="Flush"/>.
    /// Safe to call more than once.</summary>
    void Close();
}
