using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

/// <summary>Shared set-up for metadata tests: clients with draft/metadata-3 and batch, and reading batches back.</summary>
internal static class MetadataFixture
{
    public const string Cap = "draft/metadata-3";

    /// <summary>A registered client with the metadata and batch capabilities.</summary>
    public static TestClient ConnectWithMetadata(this HubHarness harness, string nick) => harness.Connect(nick, Cap, "batch");

    /// <summary>A metadata client that joined <paramref name="room"/>, everything it received drained.</summary>
    public static TestClient JoinedWithMetadata(this HubHarness harness, string nick, string room)
    {
        var client = harness.ConnectWithMetadata(nick);
        client.Send("JOIN " + room);
        client.Drain();
        return client;
    }

    /// <summary>Sends a line and drains every client given first, so only the reply to this line is read after.</summary>
    public static void SendAndSettle(this TestClient client, string line, params TestClient[] others)
    {
        client.Send(line);
        client.Drain();
        foreach (var other in others)
        {
            other.Drain();
        }
    }

    /// <summary>The batch of <paramref name="type"/> in <paramref name="messages"/>: its opening parameters after the
    /// type, and the messages inside it (each checked to carry the batch's tag).</summary>
    public static (List<string> Parameters, List<IrcMessage> Inside) Batch(this List<IrcMessage> messages, string type)
    {
        var start = messages.FindIndex(m => m.Command == "BATCH" && m.Parameters.Count >= 2 && m.Parameters[0].StartsWith('+') && m.Parameters[1] == type);
        Assert.True(start >= 0, $"no {type} batch in: {string.Join(" | ", messages)}");
        var reference = messages[start].Parameters[0][1..];
        var end = messages.FindIndex(start, m => m.Command == "BATCH" && m.Parameters[0] == "-" + reference);
        Assert.True(end > start, $"the {type} batch is not closed");
        var inside = messages.GetRange(start + 1, end - start - 1);
        Assert.All(inside, m => Assert.Equal(reference, m.Tag("batch")));
        return (messages[start].Parameters.Skip(2).ToList(), inside);
    }
}
