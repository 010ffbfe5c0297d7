using System.Net;
using Parley.Server.Hub;

namespace Parley.Server.Tests.Support;

/// <summary>A transport that keeps nothing and only counts what it is given, so a test can watch the hub's own
/// allocations (the in-memory connection turns every line into strings).</summary>
public sealed class CountingTransport : ISessionTransport
{
    public int Messages { get; private set; }

    public long Bytes { get; private set; }

    public int Flushes { get; private set; }

    public string RemoteEndPoint => "127.0.0.1:0";

    public string Host => "127.0.0.1";

    public IPAddress? Address => IPAddress.Loopback;

    public bool TrySend(ReadOnlyMemory<byte> bytes)
    {
        Messages++;
        Bytes += bytes.Length;
        return true;
    }

    public void Flush() => Flushes++;

    public bool HasPeerHungUp() => false;

    public void Close()
    {
    }

    public void Reset() => (Messages, Bytes, Flushes) = (0, 0, 0);
}
