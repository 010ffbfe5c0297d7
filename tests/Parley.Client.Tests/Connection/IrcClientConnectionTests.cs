using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Client.Connection;
using Parley.Protocol.Irc;

namespace Parley.Client.Tests.Connection;

/// <summary>The connection against a scripted server on a loopback socket.</summary>
public sealed class IrcClientConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _server;
    private IrcClientConnection? _client;

    public async ValueTask InitializeAsync()
    {
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var accept = _listener.AcceptSocketAsync();
        _client = await IrcClientConnection.ConnectAsync(new ServerAddress("127.0.0.1", port), Patience, Cancel);
        _server = await accept;
    }

    public async ValueTask DisposeAsync()
    {
        _server?.Dispose();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        _listener.Stop();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task ServerSendsAsync(string text) => await _server!.SendAsync(Encoding.UTF8.GetBytes(text), Cancel);

    private async Task<string> ServerReadsAsync(int atLeast)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Patience);
        while (received.Length < atLeast)
        {
            var n = await _server!.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                break;
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return received.ToString();
    }

    private async Task<IrcMessage?> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Patience);
        return await _client!.ReceiveAsync(timeout.Token);
    }

    [Fact]
    public async Task Messages_split_across_packets_arrive_whole_and_in_order()
    {
        await ServerSendsAsync(":srv 001 alice :Wel");
        await Task.Delay(50, Cancel);
        await ServerSendsAsync("come\r\n:bob!b@h PRIVMSG #lobby :one\n:bob!b@h PRIVMSG #lobby :two\r\n");
        var welcome = await ReceiveAsync();
        Assert.Equal(["alice", "Welcome"], welcome!.Parameters);
        Assert.Equal("one", (await ReceiveAsync())!.Param(1));
        Assert.Equal("two", (await ReceiveAsync())!.Param(1));
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_and_not_handed_over()
    {
        await ServerSendsAsync("PING :keepalive-42\r\n:bob!b@h PRIVMSG #lobby :after\r\n");
        var next = await ReceiveAsync();
        Assert.Equal("PRIVMSG", next!.Command);
        Assert.Equal("PONG keepalive-42\r\n", await ServerReadsAsync("PONG keepalive-42\r\n".Length));
    }

    [Fact]
    public async Task Sent_messages_are_written_as_crlf_lines_in_order()
    {
        await _client!.SendAsync([new IrcMessage("NICK", "alice"), new IrcMessage("PRIVMSG", "#lobby", "hi there")], Cancel);
        var expected = "NICK alice\r\nPRIVMSG #lobby :hi there\r\n";
        Assert.Equal(expected, await ServerReadsAsync(expected.Length));
    }

    [Fact]
    public async Task Over_long_and_empty_lines_are_skipped()
    {
        await ServerSendsAsync("\r\n" + new string('x', IrcLimits.MaxLineBytes + 10) + "\r\n:srv NOTICE * :still here\r\n");
        Assert.Equal("still here", (await ReceiveAsync())!.Param(1));
    }

    [Fact]
    public async Task Server_closing_ends_the_stream_with_null()
    {
        await ServerSendsAsync("ERROR :bye\r\n");
        _server!.Shutdown(SocketShutdown.Both);
        Assert.Equal("ERROR", (await ReceiveAsync())!.Command);
        Assert.Null(await ReceiveAsync());
    }
}

public sealed class ConnectFailureTests
{
    [Fact]
    public async Task Refused_connection_is_one_readable_line()
    {
        // A port that was just free: nothing listens there any more.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ex = await Assert.ThrowsAsync<ConnectFailedException>(() =>
            IrcClientConnection.ConnectAsync(new ServerAddress("127.0.0.1", port), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal($"cannot connect to 127.0.0.1:{port}: connection refused (is the server running?)", ex.Message);
    }
}
