using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Channels;

/// <summary>Shared set-up for room command tests: clients that have joined a room, with their bursts drained.</summary>
internal static class RoomFixture
{
    /// <summary>Connects <paramref name="nick"/>, joins each room, and drains everything it received.</summary>
    public static TestClient Joined(this HubHarness harness, string nick, string room, params string[] caps)
    {
        var client = harness.Connect(nick, caps);
        client.Send("JOIN " + room);
        client.Drain();
        return client;
    }

    /// <summary>Drains every client given (to ignore what an arrangement step sent them).</summary>
    public static void DrainAll(params TestClient[] clients)
    {
        foreach (var client in clients)
        {
            client.Drain();
        }
    }

    /// <summary>The one message with <paramref name="command"/> among <paramref name="messages"/>.</summary>
    public static IrcMessage Only(this List<IrcMessage> messages, string command) =>
        Assert.Single(messages, m => m.Command == command);

    /// <summary>The commands of <paramref name="messages"/>, in order.</summary>
    public static List<string> Commands(this List<IrcMessage> messages) => messages.Select(m => m.Command).ToList();
}
