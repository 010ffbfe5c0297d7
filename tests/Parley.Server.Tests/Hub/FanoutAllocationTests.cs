using System.Text;
using Parley.Protocol.Irc;
using Parley.Server.Doors.Irc;
using Parley.Server.Hosting;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Hub;

/// <summary>The hot path's allocation does not grow with the room: a message is parsed, stamped and encoded once per
/// capability set, and every member's queue gets the same bytes. Counted, not timed (bench/Parley.MicroBench has the
/// times).</summary>
public sealed class FanoutAllocationTests
{
    private static readonly byte[] Line = Encoding.UTF8.GetBytes("PRIVMSG #room :hello everyone, this is a message of ordinary length");

    [Fact]
    public void Delivering_a_message_to_a_room_of_1000_allocates_no_more_than_to_a_room_of_10()
    {
        var small = AllocatedForOneMessage(10);
        var large = AllocatedForOneMessage(1000);

        Assert.True(small > 0, "the measurement saw nothing allocated at all; it is not measuring the hub");
        // Anything allocated per recipient, even one object of 24 bytes, would add over 23 KB for 990 more members;
        // the headroom only absorbs one-off noise.
        Assert.True(large <= small + 2048, $"room of 10: {small} bytes allocated; room of 1000: {large} bytes");
    }

    private static long AllocatedForOneMessage(int members)
    {
        var options = new ServerOptions { ServerName = "test.server", Quiet = true };
        options.Limits.Exempt = "127.0.0.0/8";
        var hub = new ChatHub(options);
        var sessions = new List<(Session Session, CountingTransport Transport)>();
        for (var i = 0; i < members; i++)
        {
            var transport = new CountingTransport();
            var session = hub.Connect(transport, IrcWireFormat.Instance);
            // Two capability sets, as in a real room of modern and classic clients: two encodings per message.
            if (i % 2 == 1)
            {
                Say(hub, session, "CAP LS 302");
                Say(hub, session, "CAP REQ :message-tags server-time");
            }
            Say(hub, session, $"NICK user{i}");
            Say(hub, session, $"USER user{i} 0 * :User {i}");
            if (i % 2 == 1)
            {
                Say(hub, session, "CAP END");
            }
            Say(hub, session, "JOIN #room");
            sessions.Add((session, transport));
        }
        var sender = sessions[0].Session;
        // Warm up: first calls compile code and grow the hub's reusable lists to their working size.
        for (var i = 0; i < 5; i++)
        {
            Say(hub, sender, Line);
            hub.EndOfBatch();
        }
        sessions.ForEach(s => s.Transport.Reset());

        var before = GC.GetAllocatedBytesForCurrentThread();
        Say(hub, sender, Line);
        hub.EndOfBatch();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.All(sessions.Skip(1), s => Assert.Equal((1, 1), (s.Transport.Messages, s.Transport.Flushes)));
        Assert.Equal(0, sessions[0].Transport.Messages);
        return allocated;
    }

    private static void Say(ChatHub hub, Session session, string line) => Say(hub, session, Encoding.UTF8.GetBytes(line));

    private static void Say(ChatHub hub, Session session, byte[] line)
    {
        var error = IrcParser.TryParse(line, out var message, IrcLimits.MaxClientTagBytes);
        hub.Receive(session, message!, error);
    }
}
