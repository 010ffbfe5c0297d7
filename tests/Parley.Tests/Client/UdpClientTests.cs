using System.Net;
using System.Net.Sockets;
using Parley.Server.Hosting;
using Parley.Tests.Client.Support;
using Parley.Tests.Support;

namespace Parley.Tests.Client;

/// <summary>`parley client --udp` driven through pipes, chatting with a TCP IRC client in the same room.</summary>
[Collection(ClientProcessCollection.Name)]
public sealed class UdpClientTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    private string UdpAddress => $"127.0.0.1:{_server.UdpEndPoint().Port}";

    public async ValueTask InitializeAsync() => _server = await UdpServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_UDP_client_chats_with_a_TCP_client_and_exit_closes_its_session_at_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var alice = await LineClient.RegisterAsync(_server.Port(), "alice", cancel);
        await alice.JoinAsync("#lobby");
        using var bob = ClientProcess.Start("--udp", UdpAddress, "--nick", "bob");
        // Typed before the session exists: held, then sent in order once it does.
        await bob.SendAsync("early one");
        await bob.SendAsync("early two");

        await bob.WaitForLineAsync("Connected to the chat server.");
        await bob.WaitForLineAsync("* You joined #lobby");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.Contains(" JOIN ", StringComparison.Ordinal));
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #lobby :early one", StringComparison.Ordinal));
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #lobby :early two", StringComparison.Ordinal));
        await alice.SendAsync("PRIVMSG #lobby :hi bob, alice on TCP");
        await bob.WaitForLineAsync("<alice> hi bob, alice on TCP");
        await bob.SendAsync("/nick bobby");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && l.EndsWith("NICK bobby", StringComparison.Ordinal));

        await bob.SendAsync("exit");

        Assert.Equal(0, await bob.WaitForExitAsync());
        // A QUIT with the client's reason, not a timeout: the session ended at once on both ends.
        var quit = await alice.ExpectAsync(l => l.Contains(" QUIT ", StringComparison.Ordinal));
        Assert.StartsWith(":bobby!", quit, StringComparison.Ordinal);
        Assert.Contains("Quit", quit, StringComparison.Ordinal);
        Assert.DoesNotContain("timeout", quit, StringComparison.OrdinalIgnoreCase);
        await UdpServer.EventuallyAsync(() => _server.UdpDoor().Counters.ActiveSessions == 0, "the server forgetting the session");
        Assert.Empty(bob.Errors);
    }

    [Fact]
    public async Task Two_UDP_clients_in_the_lobby_see_each_other_and_end_of_input_quits_cleanly()
    {
        using var bob = ClientProcess.Start("--udp", UdpAddress, "--nick", "bob");
        await bob.WaitForLineAsync("* You joined #lobby");
        using var carol = ClientProcess.Start("--udp", UdpAddress, "--nick", "carol");
        await carol.WaitForLineAsync("* You joined #lobby");
        await bob.WaitForLineAsync("* carol joined #lobby");

        await carol.SendAsync("hello bob");
        await bob.WaitForLineAsync("<carol> hello bob");
        carol.CloseInput();

        Assert.Equal(0, await carol.WaitForExitAsync());
        await bob.WaitForAsync(l => l.StartsWith("* carol quit", StringComparison.Ordinal), "carol quitting");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync());
    }

    [Fact]
    public async Task Server_shutting_down_ends_a_UDP_client_with_a_message_and_exit_code_1()
    {
        using var bob = ClientProcess.Start("--udp", UdpAddress, "--nick", "bob");
        await bob.WaitForLineAsync("* You joined #lobby");

        await _server.StopAsync();

        Assert.Equal(1, await bob.WaitForExitAsync());
        Assert.Contains("Disconnected by the server: Server shutting down", bob.Output);
    }

    [Fact]
    public async Task No_server_on_the_UDP_port_is_one_line_on_stderr_and_exit_code_1()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Close();

        using var client = ClientProcess.Start("--udp", $"127.0.0.1:{port}", "--nick", "alice");

        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.Equal([$"parley: cannot connect to udp://127.0.0.1:{port}: connection refused (is the server running?)"], client.Errors);
        Assert.Empty(client.Output);
    }
}
