using System.Text;
using Microsoft.Extensions.Time.Testing;
using Parley.Protocol.Irc;
using Parley.Server.Doors.InMemory;
using Parley.Server.Doors.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Tests.Support;

/// <summary>A hub with a fake clock and in-memory connections: hub tests run without sockets or threads.</summary>
/// <remarks>In-memory clients connect from 127.0.0.1, which is exempt from flood control here so that tests can send
/// as fast as they like; a test of flood control sets <c>o.Limits.Exempt = ""</c>. Timers the hub sets run their work at
/// once, on the thread that advances <see cref="Time"/>.</remarks>
public sealed class HubHarness
{
    public HubHarness(Action<ServerOptions>? configure = null)
    {
        Options = new ServerOptions { ServerName = "test.server" };
        Options.Limits.Exempt = "127.0.0.0/8";
        Options.History.ReplayLines = 0; // replay on join is the concern of its own tests (JoinReplayTests)
        configure?.Invoke(Options);
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Hub = new ChatHub(Options, Time);
        Hub.Post = work => work(Hub);
        Hub.Accounts.RunOffHub = work => work(); // password hashing inline: a hub driven by hand stays deterministic
    }

    public ServerOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public ChatHub Hub { get; }

    /// <summary>A connection that has not sent anything yet.</summary>
    public TestClient ConnectRaw(int sendQueueBytes = int.MaxValue, IWireFormat? format = null, string host = "127.0.0.1")
    {
        var connection = new InMemoryConnection(host, sendQueueBytes);
        var session = Hub.Connect(connection, format ?? IrcWireFormat.Instance);
        return new TestClient(Hub, session, connection);
    }

    /// <summary>A registered IRC client with the given capabilities; its welcome burst is already drained.</summary>
    public TestClient Connect(string nick, params string[] caps) => ConnectFrom("127.0.0.1", nick, caps);

    /// <summary>A registered IRC client connected from <paramref name="host"/> (an IP address in text).</summary>
    public TestClient ConnectFrom(string host, string nick, params string[] caps)
    {
        var client = ConnectRaw(host: host);
        if (caps.Length > 0)
        {
            client.Send("CAP LS 302");
            client.Send("CAP REQ :" + string.Join(' ', caps));
        }
        client.Send($"NICK {nick}");
        client.Send($"USER {nick.ToLowerInvariant()} 0 * :{nick} Realname");
        if (caps.Length > 0)
        {
            client.Send("CAP END");
        }
        var welcome = client.Drain();
        Assert.Contains(welcome, m => m.Command == Numerics.RPL_WELCOME);
        return client;
    }
}

/// <summary>One in-memory client: send raw lines, read what the hub sent back.</summary>
public sealed class TestClient(ChatHub hub, Session session, InMemoryConnection connection)
{
    public Session Session { get; } = session;

    public InMemoryConnection Connection { get; } = connection;

    /// <summary>Sends one raw line (without line ending) as the TCP door would: bytes through the real parser.</summary>
    public void Send(string line) => SendBytes(Encoding.UTF8.GetBytes(line));

    /// <summary>Sends one raw line of bytes.</summary>
    public void SendBytes(byte[] line)
    {
        var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
        if (message is not null)
        {
            hub.Receive(Session, message, error);
        }
    }

    /// <summary>Sends bytes as they would come off a socket: framed into lines the way the TCP door frames them (LF, CR LF
    /// or a lone CR ends a line; an over-long line is reported once and skipped to its end).</summary>
    public void SendWire(byte[] bytes)
    {
        var framer = new LineFramer(IrcLimits.MaxLineBytes);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        while (true)
        {
            var frame = framer.TryReadLine(ref buffer, out var line);
            if (frame == FrameResult.Incomplete)
            {
                break;
            }
            if (frame == FrameResult.TooLong)
            {
                hub.ReceiveTooLong(Session);
                continue;
            }
            var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
            if (message is not null)
            {
                hub.Receive(Session, message, error);
            }
        }
    }

    /// <summary>Everything received since the last drain, parsed.</summary>
    public List<IrcMessage> Drain() => Connection.DrainMessages();

    /// <summary>Everything received since the last drain, as raw lines.</summary>
    public List<string> DrainLines() => Connection.Drain();
}
