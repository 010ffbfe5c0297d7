using System.Net;
using System.Net.Sockets;
using Parley.Server.Hosting;
using Parley.Tests.Client.Support;

namespace Parley.Tests.Client;

/// <summary>`parley client` driven through pipes, as a script would use it, against a real server.</summary>
[Collection(ClientProcessCollection.Name)]
public sealed class PipedClientTests : IAsyncLifetime
{
    private ParleyServer? _server;

    private string Address => $"127.0.0.1:{_server!.Endpoints[0].EndPoint.Port}";

    public async ValueTask InitializeAsync() =>
        _server = await ParleyServer.StartAsync(new ServerOptions { Listen = ["127.0.0.1:0"], DataDirectory = Parley.Tests.Support.InProcessServer.NewDataDirectory() });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<ClientProcess> ConnectAsync(string nick)
    {
        var client = ClientProcess.Start(Address, "--nick", nick);
        await client.WaitForLineAsync("Connected to the chat server.");
        await client.WaitForLineAsync("* You joined #lobby");
        return client;
    }

    [Fact]
    public async Task Two_clients_in_the_lobby_see_each_others_lines_and_exit_closes_both()
    {
        using var alice = await ConnectAsync("alice");
        using var bob = await ConnectAsync("bob");
        await alice.WaitForLineAsync("* bob joined #lobby");

        await alice.SendAsync("hello from alice");
        await bob.WaitForLineAsync("<alice> hello from alice");
        await bob.SendAsync("hi alice, bob here");
        await alice.WaitForLineAsync("<bob> hi alice, bob here");

        await bob.SendAsync("exit");
        Assert.Equal(0, await bob.WaitForExitAsync());
        await alice.WaitForAsync(l => l.StartsWith("* bob quit", StringComparison.Ordinal), "bob quitting");
        await alice.SendAsync("exit");
        Assert.Equal(0, await alice.WaitForExitAsync());

        // Our own lines are not printed back: the script's output holds only what others said.
        Assert.DoesNotContain(alice.Output, l => l.Contains("hello from alice", StringComparison.Ordinal));
        Assert.Empty(alice.Errors);
    }

    [Fact]
    public async Task End_of_input_quits_cleanly_after_the_answers_to_the_last_lines_arrived()
    {
        using var alice = ClientProcess.Start(Address, "--nick", "alice");
        // The whole script at once, then end of input: the client reads it only once registered.
        await alice.SendAsync("/who");
        alice.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Contains("People in #lobby (1):", alice.Output);
        Assert.Contains("  alice (operator)", alice.Output);
    }

    [Fact]
    public async Task Taken_nick_falls_back_to_nick_underscore()
    {
        using var first = await ConnectAsync("carol");
        using var second = await ConnectAsync("carol");
        await second.WaitForLineAsync("The nick carol was not available; you are carol_.");
        await first.WaitForLineAsync("* carol_ joined #lobby");
        first.CloseInput();
        second.CloseInput();
        Assert.Equal(0, await first.WaitForExitAsync());
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task Private_messages_and_other_rooms_are_marked_as_such()
    {
        using var alice = await ConnectAsync("alice");
        using var bob = await ConnectAsync("bob");

        await alice.SendAsync("/msg bob psst, bob");
        await bob.WaitForLineAsync("*alice* psst, bob");
        await alice.WaitForLineAsync("-> *bob* psst, bob");

        await bob.SendAsync("/join #den");
        await bob.WaitForLineAsync("* You joined #den");
        await bob.SendAsync("/join #lobby");
        await bob.WaitForLineAsync("Now talking in #lobby.");

        await alice.SendAsync("/join den");
        await alice.SendAsync("in the den");
        await bob.WaitForLineAsync("* alice joined #den");
        await bob.WaitForLineAsync("[#den] <alice> in the den");

        await alice.SendAsync("/who");
        await alice.WaitForLineAsync("People in #den (2):");
        alice.CloseInput();
        bob.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
    }

    [Fact]
    public async Task Server_shutting_down_ends_the_client_with_a_message_and_exit_code_1()
    {
        using var alice = await ConnectAsync("alice");
        await _server!.StopAsync();
        Assert.Equal(1, await alice.WaitForExitAsync());
        Assert.Contains("Disconnected by the server: Server shutting down", alice.Output);
    }

    [Fact]
    public async Task Refused_connection_is_one_line_on_stderr_and_exit_code_1()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var client = ClientProcess.Start($"127.0.0.1:{port}", "--nick", "alice");
        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.Equal([$"parley: cannot connect to 127.0.0.1:{port}: connection refused (is the server running?)"], client.Errors);
        Assert.Empty(client.Output);
    }

    [Fact]
    public async Task Invalid_nick_is_refused_before_connecting()
    {
        using var client = ClientProcess.Start(Address, "--nick", "9lives");
        Assert.Equal(1, await client.WaitForExitAsync());
        Assert.StartsWith("parley: '9lives' is not a valid nick", Assert.Single(client.Errors));
    }
}

/// <summary>The client end-to-end tests start several processes each; running them one class at a time keeps them
/// from starving each other on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class ClientProcessCollection
{
    public const string Name = "parley client processes";
}
