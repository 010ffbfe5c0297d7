using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.MicroBench;

/// <summary>A hub with one room of <c>members</c> registered IRC sessions over counting transports. Half of them
/// negotiated message-tags and server-time (modern clients), half nothing (classic clients), so a message to the room is
/// encoded twice, as in a real mixed room.</summary>
internal sealed class BenchRoom
{
    public const string RoomName = "#bench";

    public BenchRoom(int members, bool history)
    {
        var options = new ServerOptions { ServerName = "bench.parley", Quiet = true };
        options.History.Enabled = history; // kept in a private in-memory SQLite database, committed at each batch's end
        options.Limits.Exempt = "127.0.0.0/8"; // no flood control: the benchmark sends as fast as it can
        Hub = new ChatHub(options);
        for (var i = 0; i < members; i++)
        {
            var transport = new CountingTransport();
            var session = Hub.Connect(transport, IrcWireFormat.Instance);
            if (i % 2 == 1)
            {
                Say(session, "CAP LS 302");
                Say(session, "CAP REQ :message-tags server-time");
            }
            Say(session, $"NICK member{i}");
            Say(session, $"USER member{i} 0 * :Member {i}");
            if (i % 2 == 1)
            {
                Say(session, "CAP END");
            }
            Say(session, "JOIN " + RoomName);
            Sessions.Add(session);
            Transports.Add(transport);
        }
        Hub.EndOfBatch();
        Transports.ForEach(t => t.Reset());
    }

    public ChatHub Hub { get; }

    public List<Session> Sessions { get; } = [];

    public List<CountingTransport> Transports { get; } = [];

    public Session Sender => Sessions[0];

    /// <summary>What the TCP door does with one line read off a socket: parse it and hand it to the hub.</summary>
    public void Receive(Session session, ReadOnlySpan<byte> line)
    {
        var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
        if (message is not null)
        {
            Hub.Receive(session, message, error);
        }
    }

    private void Say(Session session, string line) => Receive(session, Encoding.UTF8.GetBytes(line));
}
