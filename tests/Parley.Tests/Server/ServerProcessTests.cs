using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>The real `parley server` process: what it prints, how it fails to start, how it stops, and how its
/// settings are read.</summary>
public sealed class ServerProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 30_000)]
    public async Task Prints_the_endpoint_it_listens_on_and_serves_it()
    {
        var cancel = TestContext.Current.CancellationToken;
        var port = ParleyProcess.FreePort();
        await using var server = ParleyProcess.Start(["server", "--listen", $"127.0.0.1:{port}"], cancel);

        await server.ExpectOutputAsync(l => l == $"Parley listening on tcp://127.0.0.1:{port}");
        await using var alice = await LineClient.RegisterAsync(port, "alice", cancel);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_endpoint_already_in_use_is_a_one_line_error_and_exit_code_1()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupant.Listen();
        var port = ((IPEndPoint)occupant.LocalEndPoint!).Port;
        await using var server = ParleyProcess.Start(["server", "--listen", $"127.0.0.1:{port}"], cancel);

        var code = await server.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, code);
        var error = Assert.Single(server.Stderr, l => l.Trim().Length > 0);
        Assert.Contains("in use", error, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Prints_a_TCP_and_a_UDP_endpoint_sharing_a_port_and_serves_both()
    {
        var cancel = TestContext.Current.CancellationToken;
        var port = ParleyProcess.FreePort();
        await using var server = ParleyProcess.Start(["server", "--listen", $"127.0.0.1:{port}", "--listen", $"udp://127.0.0.1:{port}"], cancel);

        await server.ExpectOutputAsync(l => l == $"Parley listening on tcp://127.0.0.1:{port}");
        await server.ExpectOutputAsync(l => l == $"Parley listening on udp://127.0.0.1:{port}");
        await using var alice = await LineClient.RegisterAsync(port, "alice", cancel);
        await using var bob = await UdpLineClient.RegisterAsync(new IPEndPoint(IPAddress.Loopback, port), "bob", cancel);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_UDP_endpoint_already_in_use_is_a_one_line_error_and_exit_code_1()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)occupant.LocalEndPoint!).Port;
        await using var server = ParleyProcess.Start(["server", "--listen", $"udp://127.0.0.1:{port}"], cancel);

        Assert.Equal(1, await server.WaitForExitAsync(ExitTimeout));
        var error = Assert.Single(server.Stderr, l => l.Trim().Length > 0);
        Assert.Equal($"parley: cannot listen on udp://127.0.0.1:{port}: address already in use", error);
        Assert.DoesNotContain(server.Stdout, l => l.StartsWith("Parley listening", StringComparison.Ordinal));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("nonsense")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("sctp://127.0.0.1:6667")]
    [InlineData("udp://127.0.0.1")]
    public async Task A_bad_endpoint_is_a_one_line_error_and_exit_code_1(string endpoint)
    {
        await using var server = ParleyProcess.Start(["server", "--listen", endpoint], TestContext.Current.CancellationToken);

        var code = await server.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, code);
        var error = Assert.Single(server.Stderr, l => l.Trim().Length > 0);
        Assert.Contains(endpoint, error, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Stdout, l => l.StartsWith("Parley listening", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task SIGTERM_says_goodbye_to_IRC_and_plain_clients_and_exits_0()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (server, port) = await ParleyProcess.StartServerAsync(cancel);
        await using var _ = server;
        await using var irc = await LineClient.RegisterAsync(port, "alice", cancel);
        await irc.JoinAsync("#lobby");
        await using var plain = await LineClient.ConnectAsync(port, "plain", cancel);
        await plain.SendRawAsync("hi there\n"u8.ToArray());
        await plain.ExpectAsync(l => l.StartsWith("Welcome to Parley", StringComparison.Ordinal));
        await irc.ExpectAsync(l => l.EndsWith("PRIVMSG #lobby :hi there", StringComparison.Ordinal)); // both are served

        server.Terminate();

        var ircLines = await irc.ReadToEndAsync();
        Assert.Equal("ERROR :Server shutting down", ircLines.LastOrDefault());
        var plainLines = await plain.ReadToEndAsync();
        Assert.Equal("Server: Server shutting down", plainLines.LastOrDefault());
        Assert.True(plain.Unterminated.Length == 0, $"the plain client's last line has no newline: '{Encoding.UTF8.GetString(plain.Unterminated)}'");
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(StdinSource.DevNull)]
    [InlineData(StdinSource.OpenPipe)]
    public async Task Keeps_serving_without_spinning_whatever_its_standard_input_is(StdinSource stdin)
    {
        var cancel = TestContext.Current.CancellationToken;
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, stdin: stdin);
        await using var _ = server;

        var cpuBefore = server.CpuTime;
        await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        var cpuIdle = server.CpuTime - cpuBefore;

        Assert.False(server.HasExited, $"the server exited; stdout: {string.Join(" | ", server.Stdout)}");
        // A loop spinning on an ended input burns a whole core: two seconds of CPU in two seconds. Idle is near zero.
        Assert.True(cpuIdle < TimeSpan.FromSeconds(1), $"the idle server used {cpuIdle.TotalMilliseconds} ms of CPU in 2 s");
        await using var alice = await LineClient.RegisterAsync(port, "alice", cancel);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_console_shows_connections_messages_and_disconnections()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (server, port) = await ParleyProcess.StartServerAsync(cancel);
        await using var _ = server;

        await RunChatAsync(port, cancel);

        await server.ExpectOutputAsync(l => l.Contains("connection #", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal));
        await server.ExpectOutputAsync(l => l.Contains("<alice>", StringComparison.Ordinal) && l.Contains("what a day", StringComparison.Ordinal));
        await server.ExpectOutputAsync(l => l.Contains("disconnected #", StringComparison.Ordinal) && l.Contains("alice", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Quiet_leaves_message_lines_out_of_the_console()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, ["--quiet"]);
        await using var _ = server;

        await RunChatAsync(port, cancel);

        // Lines come out in order, so the message line would be before the disconnection.
        await server.ExpectOutputAsync(l => l.Contains("connection #", StringComparison.Ordinal));
        await server.ExpectOutputAsync(l => l.Contains("disconnected #", StringComparison.Ordinal) && l.Contains("alice", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Stdout, l => l.Contains("what a day", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_PARLEY__ServerName_environment_variable_names_the_server()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, environment: new Dictionary<string, string> { ["PARLEY__ServerName"] = "env.example" });
        await using var _ = server;

        Assert.Equal("env.example", await ServerNameSeenByAClientAsync(port, cancel));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_config_file_names_the_server()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        var config = directory.File("settings.json");
        await File.WriteAllTextAsync(config, """{ "ServerName": "file.example", "Limits": { "PingIntervalSeconds": 120 } }""", cancel);
        var (server, port) = await ParleyProcess.StartServerAsync(cancel, ["--config", config]);
        await using var _ = server;

        Assert.Equal("file.example", await ServerNameSeenByAClientAsync(port, cancel));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_malformed_config_file_is_a_one_line_error_that_says_where_and_exit_code_1()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        var config = directory.File("broken.json");
        await File.WriteAllTextAsync(config, "{ \"ServerName\": ", cancel);
        await using var server = ParleyProcess.Start(["server", "--config", config, "--listen", "127.0.0.1:0"], cancel);

        Assert.Equal(1, await server.WaitForExitAsync(ExitTimeout));
        var error = Assert.Single(server.Stderr, l => l.Trim().Length > 0);
        Assert.Contains(config, error, StringComparison.Ordinal);
        Assert.Contains("LineNumber", error, StringComparison.Ordinal); // the JSON reader's reason, not just "failed"
    }

    private static async Task RunChatAsync(int port, CancellationToken cancel)
    {
        await using var alice = await LineClient.RegisterAsync(port, "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(port, "bob", cancel);
        await alice.JoinAsync("#lobby");
        await bob.JoinAsync("#lobby");
        await alice.SendAsync("PRIVMSG #lobby :what a day");
        await bob.ExpectAsync(l => l.EndsWith("what a day", StringComparison.Ordinal));
        await alice.SendAsync("QUIT :bye");
        await alice.ReadToEndAsync();
    }

    private static async Task<string> ServerNameSeenByAClientAsync(int port, CancellationToken cancel)
    {
        await using var client = await LineClient.ConnectAsync(port, "alice", cancel);
        await client.SendAsync("NICK alice", "USER alice 0 * :alice");
        var welcome = await client.ExpectAsync(l => LineClient.Command(l) == "001");
        return welcome.Split(' ')[0].TrimStart(':');
    }
}
