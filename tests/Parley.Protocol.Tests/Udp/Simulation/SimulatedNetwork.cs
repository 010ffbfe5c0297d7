using Parley.Protocol.Udp.Handshake;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Tests.Udp.Simulation;

/// <summary>A client and a server joined by a deterministic lossy path: a seeded <see cref="Random"/> decides loss,
/// duplication and delay (hence reordering), and a virtual clock jumps from one event to the next (a datagram
/// arriving, a connection's <see cref="ReliableConnection.NextTimeout"/>, a scheduled send). The server side is what
/// the UDP door will be: a stateless <see cref="ServerHandshake"/> until a cookie checks out, then a connection.</summary>
internal sealed class SimulatedNetwork
{
    private static readonly byte[] ClientAddress = [198, 51, 100, 20];
    private const int ClientPort = 40123;

    private readonly Random _random;
    private ServerHandshake _handshake;
    private readonly ReliableConnectionOptions? _options;
    private readonly PriorityQueue<Datagram, (long, long)> _wire = new();
    private readonly PriorityQueue<Action, (long, long)> _scheduled = new();
    private long _sequence;

    private sealed record Datagram(bool ToServer, byte[] Bytes);

    public SimulatedNetwork(int seed, NetworkConditions conditions, ReliableConnectionOptions? options = null)
    {
        _random = new Random(seed);
        Conditions = conditions;
        _options = options;
        _handshake = NewHandshake();
        Client = ReliableConnection.CreateClient((ulong)_random.NextInt64(), Now, options);
        Flush();
    }

    private ServerHandshake NewHandshake()
    {
        var key = new byte[32];
        _random.NextBytes(key);
        return new ServerHandshake(new RetryCookie(new CookieKeyRing(key)));
    }

    /// <summary>The server process starts over: it forgets its connection and gets new cookie keys.</summary>
    public void RestartServer()
    {
        Server = null;
        ServerCrashed = false;
        _handshake = NewHandshake();
    }

    public NetworkConditions Conditions { get; set; }

    /// <summary>Datagrams that took bytes in flight beyond the congestion window without being a timeout probe
    /// (there must be none).</summary>
    public int WindowViolations { get; private set; }

    public long Now { get; private set; }

    public ReliableConnection Client { get; }

    /// <summary>The server's connection, once the handshake created it.</summary>
    public ReliableConnection? Server { get; private set; }

    /// <summary>How many server connections were created (more than one would be a handshake bug).</summary>
    public int ServerConnectionsCreated { get; private set; }

    public List<ConnectionEvent> ClientEvents { get; } = [];

    public List<ConnectionEvent> ServerEvents { get; } = [];

    /// <summary>When true, the server is gone: it neither receives nor sends nor runs its timers.</summary>
    public bool ServerCrashed { get; set; }

    /// <summary>Datagrams carrying a CLOSE that reached the server / the client.</summary>
    public int ClosesDeliveredToServer { get; private set; }

    public int ClosesDeliveredToClient { get; private set; }

    public long DatagramsDelivered { get; private set; }

    /// <summary>When a datagram the client had not received before last reached it (duplicates do not count).</summary>
    public long LastFreshDeliveryToClient { get; private set; }

    private readonly HashSet<string> _deliveredToClient = [];

    public static IEnumerable<byte[]> Messages(IEnumerable<ConnectionEvent> events) =>
        events.OfType<MessageReceivedEvent>().Select(e => e.Message.ToArray());

    /// <summary>Runs <paramref name="action"/> when the clock reaches <paramref name="at"/>.</summary>
    public void At(long at, Action action) => _scheduled.Enqueue(action, (at, _sequence++));

    /// <summary>Advances until <paramref name="done"/> holds or <paramref name="forMicros"/> of virtual time pass;
    /// returns whether it held.</summary>
    public bool RunUntil(Func<bool> done, long forMicros)
    {
        var deadline = Now + forMicros;
        var stepsAtThisTime = 0;
        while (!done())
        {
            var next = NextEventTime();
            if (next is not { } at || at > deadline)
            {
                Now = deadline;
                return done();
            }
            stepsAtThisTime = at == Now ? stepsAtThisTime + 1 : 0;
            if (stepsAtThisTime > 10_000)
            {
                throw new InvalidOperationException($"No progress at t={Now}: a timer keeps firing without effect.");
            }
            Now = Math.Max(Now, at);
            Step();
        }
        return true;
    }

    /// <summary>Advances the clock by <paramref name="micros"/>, processing everything on the way.</summary>
    public void RunFor(long micros) => RunUntil(() => false, micros);

    private long? NextEventTime()
    {
        long? next = null;
        if (_wire.TryPeek(out _, out var wireAt))
        {
            next = wireAt.Item1;
        }
        if (_scheduled.TryPeek(out _, out var actionAt))
        {
            next = Min(next, actionAt.Item1);
        }
        next = Min(next, Client.NextTimeout);
        if (Server is { } server && !ServerCrashed)
        {
            next = Min(next, server.NextTimeout);
        }
        return next;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private void Step()
    {
        while (_scheduled.TryPeek(out _, out var at) && at.Item1 <= Now)
        {
            _scheduled.Dequeue()();
        }
        while (_wire.TryPeek(out _, out var at) && at.Item1 <= Now)
        {
            Deliver(_wire.Dequeue());
        }
        if (Client.NextTimeout is { } clientAt && clientAt <= Now)
        {
            Client.HandleTimeout(Now);
        }
        if (Server is { } server && !ServerCrashed && server.NextTimeout is { } serverAt && serverAt <= Now)
        {
            server.HandleTimeout(Now);
        }
        Flush();
    }

    /// <summary>Moves everything both sides want to send onto the wire and collects their events.</summary>
    public void Flush()
    {
        while (PollChecked(Client, out var datagram))
        {
            Transmit(new Datagram(ToServer: true, datagram));
        }
        while (Client.TryPollEvent(out var e))
        {
            ClientEvents.Add(e);
        }
        if (Server is { } server && !ServerCrashed)
        {
            while (PollChecked(server, out var datagram))
            {
                Transmit(new Datagram(ToServer: false, datagram));
            }
            while (server.TryPollEvent(out var e))
            {
                ServerEvents.Add(e);
            }
        }
    }

    private bool PollChecked(ReliableConnection connection, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? datagram)
    {
        var inFlightBefore = connection.BytesInFlight;
        var probesBefore = connection.ProbesPending;
        if (!connection.TryPollTransmit(Now, out datagram))
        {
            return false;
        }
        var grew = connection.BytesInFlight > inFlightBefore;
        if (grew && connection.BytesInFlight > connection.CongestionWindow && connection.ProbesPending == probesBefore)
        {
            WindowViolations++;
        }
        return true;
    }

    private void Transmit(Datagram datagram)
    {
        if (datagram.Bytes.Length > Parley.Protocol.Udp.UdpLimits.MaxDatagramSize)
        {
            throw new InvalidOperationException($"A {datagram.Bytes.Length}-byte datagram was sent.");
        }
        if (_random.NextDouble() < Conditions.Loss)
        {
            return;
        }
        var copies = _random.NextDouble() < Conditions.Duplication ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var delay = Conditions.MinDelayMicros + (long)(_random.NextDouble() * Conditions.JitterMicros);
            _wire.Enqueue(datagram, (Now + delay, _sequence++));
        }
    }

    private void Deliver(Datagram datagram)
    {
        DatagramsDelivered++;
        var carriesClose = DatagramCodec.TryDecode(datagram.Bytes, out var packet, out _) && packet.Frames.Any(f => f is CloseFrame);
        if (!datagram.ToServer)
        {
            ClosesDeliveredToClient += carriesClose ? 1 : 0;
            if (_deliveredToClient.Add(Convert.ToBase64String(datagram.Bytes)))
            {
                LastFreshDeliveryToClient = Now;
            }
            Client.Receive(datagram.Bytes, Now);
            return;
        }
        if (ServerCrashed)
        {
            return;
        }
        ClosesDeliveredToServer += carriesClose ? 1 : 0;
        if (Server is { IsDrained: false } server && DatagramCodec.TryReadConnectionId(datagram.Bytes, out var cid) && cid == server.ConnectionId)
        {
            server.Receive(datagram.Bytes, Now);
            return;
        }
        // What the door does for a datagram of no known connection.
        var decision = _handshake.Evaluate(datagram.Bytes, ClientAddress, ClientPort, Now);
        switch (decision.Action)
        {
            case HandshakeAction.Reply:
                Transmit(new Datagram(ToServer: false, decision.Reply!));
                break;
            case HandshakeAction.Accept when Server is null:
                Server = ReliableConnection.CreateServer(decision.ConnectionId, Now, _options);
                ServerConnectionsCreated++;
                break;
        }
    }
}
