using System.Net;
using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Doors.InMemory;

/// <summary>A door without sockets, for tests: lines go straight into the hub on the caller's thread and what the hub
/// sends is kept as text lines to inspect.</summary>
public sealed class InMemoryConnection : ISessionTransport
{
    private readonly List<string> _received = [];
    private int _queuedBytes;

    /// <summary>Creates a connection whose queue holds at most <paramref name="sendQueueBytes"/> unread bytes.</summary>
    public InMemoryConnection(string host = "127.0.0.1", int sendQueueBytes = int.MaxValue)
    {
        Host = host;
        SendQueueBytes = sendQueueBytes;
    }

    /// <inheritdoc/>
    public string RemoteEndPoint => Host + ":0";

    /// <inheritdoc/>
    public string Host { get; }

    /// <inheritdoc/>
    public IPAddress? Address => IPAddress.TryParse(Host, out var address) ? address : null;

    /// <inheritdoc/>
    /// <remarks>Set by a test to play a client that presented a certificate over TLS.</remarks>
    public string? ClientCertificateFingerprint { get; set; }

    /// <summary>The bound of the outbound queue (to test "SendQ exceeded").</summary>
    public int SendQueueBytes { get; }

    /// <summary>Whether the hub closed this connection.</summary>
    public bool IsClosed { get; private set; }

    /// <inheritdoc/>
    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        if (_queuedBytes + bytes.Length > SendQueueBytes)
        {
            return false;
        }
        _queuedBytes += bytes.Length;
        foreach (var line in Encoding.UTF8.GetString(bytes.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _received.Add(line.TrimEnd('\r'));
        }
        return true;
    }

    /// <summary>Set by a test to play a peer that hung up before the door noticed.</summary>
    public bool PeerHungUp { get; set; }

    /// <inheritdoc/>
    public bool HasPeerHungUp() => PeerHungUp || IsClosed;

    /// <inheritdoc/>
    public void Close() => IsClosed = true;

    /// <summary>How many times the hub flushed this connection.</summary>
    public int Flushes { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Lines are kept as they are queued, so a hub driven by hand needs no flush to be inspected.</remarks>
    public void Flush() => Flushes++;

    /// <summary>Takes every line received since the last call (the queue is then empty again).</summary>
    public List<string> Drain()
    {
        var lines = _received.ToList();
        _received.Clear();
        _queuedBytes = 0;
        return lines;
    }

    /// <summary>Takes every line received since the last call, parsed.</summary>
    public List<IrcMessage> DrainMessages() => Drain().Select(l => IrcParser.Parse(l)!).ToList();
}
