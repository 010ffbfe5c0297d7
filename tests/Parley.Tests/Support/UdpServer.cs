using System.Net;
using Parley.Server.Doors.Udp;
using Parley.Server.Hosting;

namespace Parley.Tests.Support;

/// <summary>In-process servers with a UDP door beside the TCP one.</summary>
public static class UdpServer
{
    /// <summary>A server on 127.0.0.1:0 over TCP and on another ephemeral port over UDP.</summary>
    public static Task<ParleyServer> StartAsync(Action<ServerOptions>? configure = null) => InProcessServer.StartAsync(o =>
    {
        o.Listen = ["127.0.0.1:0", "udp://127.0.0.1:0"];
        configure?.Invoke(o);
    });

    /// <summary>The server's (first) UDP door.</summary>
    public static UdpDoor UdpDoor(this ParleyServer server) => server.UdpDoors[0];

    /// <summary>Where the server's UDP door listens.</summary>
    public static IPEndPoint UdpEndPoint(this ParleyServer server) => server.UdpDoor().BoundEndpoint.EndPoint;

    /// <summary>How many sessions the hub holds (of every door).</summary>
    public static Task<int> SessionCountAsync(this ParleyServer server) => server.Loop.Ask(h => h.Sessions.Count);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling.</summary>
    public static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, timeout);
}
