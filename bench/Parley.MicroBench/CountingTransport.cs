using System.Net;
using Parley.Server.Hub;

namespace Parley.MicroBench;

/// <summary>A transport that only counts what it is given: the hub's cost without any socket's.</summary>
internal sealed class CountingTransport : ISessionTransport
{
    public long Bytes { get; private set; }

    public long Messages { get; private set; }

    public long Flushes { get; private set; }

    public string RemoteEndPoint => "127.0.0.1:0";

    public string Host => "127.0.0.1";

    public IPAddress? Address => IPAddress.Loopback;

    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        Bytes += bytes.Length;
        Messages++;
        return true;
    }

    public void Flush() => Flushes++;

    /// <summary>Forgets what was counted (what the room's setup sent).</summary>
    public void Reset() => (Bytes, Messages, Flushes) = (0, 0, 0);

    public bool HasPeerHungUp() => false;

    public void Close()
    {
    }
}
