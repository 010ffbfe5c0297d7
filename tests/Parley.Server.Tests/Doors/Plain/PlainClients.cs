using Parley.Server.Doors.Plain;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Doors.Plain;

/// <summary>Plain-text users in a <see cref="HubHarness"/>: connected, greeted and typing, as the TCP door does it.</summary>
internal static class PlainClients
{
    /// <summary>A plain-text user who was greeted and put in the lobby; the greeting is drained unless asked to keep it.</summary>
    public static TestClient ConnectPlain(this HubHarness harness, bool drain = true)
    {
        var client = harness.ConnectRaw(format: PlainWireFormat.Instance);
        PlainTextDoor.Attach(harness.Hub, client.Session);
        if (drain)
        {
            client.DrainLines();
        }
        return client;
    }

    /// <summary>One line typed by the plain-text user.</summary>
    public static void Type(this TestClient client, HubHarness harness, string line) =>
        PlainTextDoor.Receive(harness.Hub, client.Session, line);

    /// <summary>The plain user's nick (a random guest nick until /nick).</summary>
    public static string Nick(this TestClient client) => client.Session.Nick!;
}
