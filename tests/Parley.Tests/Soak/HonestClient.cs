using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Protocol.Irc;

namespace Parley.Tests.Soak;

/// <summary>A well-behaved IRC client in the middle of the chaos: it sends numbered messages to its rooms and checks
/// that every numbered message of the other honest clients in its rooms arrives exactly once and in order.</summary>
public sealed class HonestClient : IAsyncDisposable
{
    private const string Prefix = "honest";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Room, string Sender), int> _lastSeen = [];
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, TaskCompletionSource> _awaited = new(StringComparer.Ordinal);
    private Task _reader = Task.CompletedTask;
    private bool _closing;

    private HonestClient(Socket socket, string nick, IReadOnlyList<string> rooms)
    {
        _socket = socket;
        Nick = nick;
        Rooms = rooms;
        foreach (var room in rooms)
        {
            _sent[room] = 0;
        }
    }

    /// <summary>The honest client's nick: honest0, honest1, ...</summary>
    public string Nick { get; }

    /// <summary>The rooms it chats in.</summary>
    public IReadOnlyList<string> Rooms { get; }

    /// <summary>How many lines it received in all.</summary>
    public long LinesReceived { get; private set; }

    /// <summary>The name of honest room <paramref name="index"/>.</summary>
    public static string RoomName(int index) => $"#{Prefix}{index}";

    /// <summary>Connects, registers as honest<paramref name="index"/> and joins two of the honest rooms.</summary>
    public static async Task<HonestClient> JoinAsync(IPEndPoint target, int index, int roomCount, CancellationToken cancel)
    {
        var rooms = new[] { RoomName(index % roomCount), RoomName((index + 1) % roomCount) }.Distinct().ToList();
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        ChaosAddresses.Bind(socket, ChaosAddresses.Honest(target));
        await socket.ConnectAsync(target, cancel);
        var client = new HonestClient(socket, $"{Prefix}{index}", rooms);
        client._reader = Task.Run(client.ReadAsync, CancellationToken.None);
        var welcomed = client.Await("001");
        await client.SendAsync($"NICK {client.Nick}\r\nUSER {client.Nick} 0 * :an honest client\r\n");
        await client.WaitAsync(welcomed, "the welcome");
        foreach (var room in rooms)
        {
            var joined = client.Await("366 " + room);
            await client.SendAsync($"JOIN {room}\r\n");
            await client.WaitAsync(joined, $"joining {room}");
        }
        return client;
    }

    /// <summary>Sends the next numbered message to <paramref name="room"/>.</summary>
    public Task SendNextAsync(string room)
    {
        int number;
        lock (_gate)
        {
            number = ++_sent[room];
        }
        return SendAsync($"PRIVMSG {room} :{Prefix}-message {number}\r\n");
    }

    /// <summary>Sends PING and waits for its PONG: whatever the server did with this client's earlier lines, and
    /// queued for it before, is then done and read.</summary>
    public async Task SyncAsync()
    {
        var token = "sync" + Guid.NewGuid().ToString("N")[..8];
        var pong = Await("PONG " + token);
        await SendAsync($"PING {token}\r\n");
        await WaitAsync(pong, "PONG");
    }

    /// <summary>What went wrong for this client, given what every honest client says it sent: a missing, repeated or
    /// out-of-order message, a disconnection, an ERROR.</summary>
    public List<string> Problems(IEnumerable<HonestClient> everyone)
    {
        lock (_gate)
        {
            var problems = new List<string>(_problems);
            foreach (var other in everyone.Where(o => o != this))
            {
                foreach (var room in other.Rooms.Intersect(Rooms))
                {
                    var sent = other.SentTo(room);
                    var seen = _lastSeen.GetValueOrDefault((room, other.Nick));
                    if (seen != sent)
                    {
                        problems.Add($"{Nick} got {seen} of the {sent} messages {other.Nick} sent to {room}");
                    }
                }
            }
            return problems;
        }
    }

    /// <summary>How many numbered messages this client sent to <paramref name="room"/>.</summary>
    public int SentTo(string room)
    {
        lock (_gate)
        {
            return _sent.GetValueOrDefault(room);
        }
    }

    /// <summary>Says goodbye with QUIT and waits (briefly) for the server to close the connection.</summary>
    public async Task QuitAsync()
    {
        lock (_gate)
        {
            _closing = true;
        }
        await SendAsync("QUIT :done\r\n");
        await Task.WhenAny(_reader, Task.Delay(Timeout));
    }

    private async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var bytes = Encoding.UTF8.GetBytes(text).AsMemory();
            while (!bytes.IsEmpty)
            {
                bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token)..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private Task Await(string key)
    {
        var awaited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _awaited[key] = awaited;
        }
        return awaited.Task;
    }

    private async Task WaitAsync(Task awaited, string what)
    {
        if (await Task.WhenAny(awaited, _reader, Task.Delay(Timeout)) != awaited)
        {
            lock (_gate)
            {
                throw new TimeoutException($"{Nick}: no {what} within {Timeout.TotalSeconds} s; problems: {string.Join("; ", _problems)}");
            }
        }
    }

    private async Task ReadAsync()
    {
        var framer = new LineFramer(IrcLimits.MaxLineBytes);
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    break;
                }
                pending.AddRange(buffer.AsSpan(0, n));
                var sequence = new System.Buffers.ReadOnlySequence<byte>(pending.ToArray());
                while (framer.TryReadLine(ref sequence, out var line) is var result && result != FrameResult.Incomplete)
                {
                    if (result == FrameResult.TooLong)
                    {
                        continue; // the server never sends one; were it to, the numbering check would miss a message
                    }
                    IrcParser.TryParse(line, out var message);
                    if (message is not null)
                    {
                        await HandleAsync(message);
                    }
                }
                pending.RemoveRange(0, pending.Count - (int)sequence.Length);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        lock (_gate)
        {
            if (!_closing)
            {
                _problems.Add($"{Nick} was disconnected");
            }
        }
    }

    private async Task HandleAsync(IrcMessage message)
    {
        TaskCompletionSource? awaited = null;
        lock (_gate)
        {
            LinesReceived++;
            switch (message.Command)
            {
                case "PRIVMSG" when message.Source?.Split('!')[0] is { } sender && sender.StartsWith(Prefix, StringComparison.Ordinal)
                                    && message.Parameters is [var room, var text] && text.StartsWith(Prefix + "-message ", StringComparison.Ordinal):
                    var number = int.Parse(text[(Prefix.Length + 9)..]);
                    var last = _lastSeen.GetValueOrDefault((room, sender));
                    if (number != last + 1)
                    {
                        _problems.Add($"{Nick} got message {number} from {sender} in {room} after {last}");
                    }
                    _lastSeen[(room, sender)] = number;
                    break;
                case "ERROR" when !_closing:
                    _problems.Add($"{Nick} got {message}");
                    break;
                case "001":
                    _awaited.Remove("001", out awaited);
                    break;
                case "366" when message.Parameters.Count > 1:
                    _awaited.Remove("366 " + message.Parameters[1], out awaited);
                    break;
                case "PONG" when message.Parameters.Count > 0:
                    _awaited.Remove("PONG " + message.Parameters[^1], out awaited);
                    break;
            }
        }
        awaited?.TrySetResult();
        if (message.Command == "PING")
        {
            await SendAsync($"PONG :{(message.Parameters.Count > 0 ? message.Parameters[0] : "")}\r\n"); // stays connected however long the run
        }
    }

    /// <summary>Stops reading and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closing = true;
        }
        await _stop.CancelAsync();
        _socket.Dispose();
        await _reader;
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
