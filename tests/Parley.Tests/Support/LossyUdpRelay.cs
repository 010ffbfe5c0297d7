using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Support;

/// <summary>How a <see cref="LossyUdpRelay"/> mistreats datagrams, in each direction independently.</summary>
/// <param name="Loss">The chance that a datagram is dropped.</param>
/// <param name="Duplication">The chance that a datagram that got through is delivered twice.</param>
/// <param name="Delay">The delay every datagram gets.</param>
/// <param name="Jitter">Up to this much more delay, drawn per datagram (and per copy), which reorders datagrams sent
/// closer together than it.</param>
public sealed record RelayConditions(double Loss = 0, double Duplication = 0, TimeSpan Delay = default, TimeSpan Jitter = default);

/// <summary>A bad network on loopback: listens on 127.0.0.1, and forwards each client's datagrams to the server and the
/// server's answers back, losing, duplicating, delaying and reordering them by seeded chance. Each client gets its own
/// upstream socket, so the server sees one address per client, as through a NAT.</summary>
public sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly RelayConditions _conditions;
    private readonly Socket _front;
    private readonly Random _random;
    private readonly object _gate = new(); // a Monitor: the scheduler waits on it
    private readonly PriorityQueue<Delivery, (long Due, long Order)> _pending = new();
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _upstreams = new();
    private readonly List<Task> _receivers = [];
    private readonly Thread _scheduler;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private long _order;
    private long _forwarded;
    private long _dropped;
    private long _duplicated;

    /// <summary>Starts relaying to <paramref name="server"/> under <paramref name="conditions"/>; <paramref name="seed"/>
    /// seeds the chances (datagrams from several threads still interleave as they will).</summary>
    public LossyUdpRelay(IPEndPoint server, RelayConditions conditions, int seed)
    {
        _server = server;
        _conditions = conditions;
        _random = new Random(seed);
        _front = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_front.LocalEndPoint!;
        _scheduler = new Thread(RunScheduler) { IsBackground = true, Name = "lossy-relay" };
        _scheduler.Start();
        lock (_receivers)
        {
            _receivers.Add(Task.Run(ReceiveFromClientsAsync));
        }
    }

    /// <summary>Where clients send: the relay's front socket.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Datagrams delivered (copies included).</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Datagrams lost on purpose.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Extra copies delivered.</summary>
    public long Duplicated => Interlocked.Read(ref _duplicated);

    private async Task ReceiveFromClientsAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _front.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (SocketException)
            {
                continue; // an ICMP error about an earlier datagram to a client that is gone
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            var client = (IPEndPoint)result.RemoteEndPoint;
            var upstream = _upstreams.GetOrAdd(client, OpenUpstream);
            Forward(buffer.AsSpan(0, result.ReceivedBytes), upstream, _server);
        }
    }

    private Socket OpenUpstream(IPEndPoint client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        lock (_receivers)
        {
            _receivers.Add(Task.Run(() => ReceiveFromServerAsync(upstream, client)));
        }
        return upstream;
    }

    private async Task ReceiveFromServerAsync(Socket upstream, IPEndPoint client)
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            Forward(buffer.AsSpan(0, result.ReceivedBytes), _front, client);
        }
    }

    /// <summary>Decides the datagram's fate and schedules its copies.</summary>
    private void Forward(ReadOnlySpan<byte> datagram, Socket through, IPEndPoint to)
    {
        var bytes = datagram.ToArray();
        lock (_gate)
        {
            if (_random.NextDouble() < _conditions.Loss)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            var copies = _random.NextDouble() < _conditions.Duplication ? 2 : 1;
            if (copies == 2)
            {
                Interlocked.Increment(ref _duplicated);
            }
            for (var i = 0; i < copies; i++)
            {
                var delay = _conditions.Delay + (_conditions.Jitter * _random.NextDouble());
                var due = _clock.Elapsed.Ticks + delay.Ticks;
                _pending.Enqueue(new Delivery(through, to, bytes), (due, _order++));
            }
            Monitor.PulseAll(_gate);
        }
    }

    private void RunScheduler()
    {
        while (!_stop.IsCancellationRequested)
        {
            Delivery? next = null;
            lock (_gate)
            {
                if (_pending.TryPeek(out var delivery, out var at))
                {
                    var wait = at.Due - _clock.Elapsed.Ticks;
                    if (wait <= 0)
                    {
                        next = _pending.Dequeue();
                    }
                    else
                    {
                        Monitor.Wait(_gate, TimeSpan.FromTicks(wait));
                    }
                }
                else
                {
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
                }
            }
            if (next is { } send)
            {
                try
                {
                    send.Through.SendTo(send.Bytes, SocketFlags.None, send.To);
                    Interlocked.Increment(ref _forwarded);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
        _front.Dispose();
        foreach (var upstream in _upstreams.Values)
        {
            upstream.Dispose();
        }
        Task[] receivers;
        lock (_receivers)
        {
            receivers = [.. _receivers];
        }
        await Task.WhenAll(receivers);
        _scheduler.Join();
        _stop.Dispose();
    }

    private sealed record Delivery(Socket Through, IPEndPoint To, byte[] Bytes);
}
