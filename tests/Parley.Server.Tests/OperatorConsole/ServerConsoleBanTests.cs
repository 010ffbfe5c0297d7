using Parley.Server.Hub;
using Parley.Server.OperatorConsole;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.OperatorConsole;

/// <summary>/kline, /dline, /unkline, /undline and /bans on the server console, through a real <see cref="HubLoop"/>.</summary>
public sealed class ServerConsoleBanTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly HubHarness _harness = new();
    private HubLoop? _loop;
    private readonly StringWriter _output = new();

    private async Task<string> Run(string line)
    {
        _loop ??= new HubLoop(_harness.Hub);
        _output.GetStringBuilder().Clear();
        await new ServerConsole(_loop, _output, () => { }).ExecuteAsync(line).WaitAsync(Bound, TestContext.Current.CancellationToken);
        return _output.ToString().Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.DisposeAsync();
        }
    }

    [Fact]
    public async Task Kline_from_the_console_disconnects_the_user_and_bans_lists_it_by_console()
    {
        var victim = _harness.ConnectFrom("127.0.0.2", "victim");
        var answer = await Run("/kline 1h *!*@127.0.0.2 spam and more spam");
        Assert.StartsWith("Added K-line on *!*@127.0.0.2 by console", answer);
        Assert.Contains("disconnected 1 user(s)", answer);
        Assert.True(victim.Connection.IsClosed);

        var bans = await Run("/bans");
        Assert.Contains("K-line on *!*@127.0.0.2 by console", bans);
        Assert.Contains("expires in 1h: spam and more spam", bans);

        Assert.StartsWith("Removed the K-line", await Run("/unkline *!*@127.0.0.2"));
        Assert.Equal("there are no server bans", await Run("/bans"));
    }

    [Fact]
    public async Task Dline_from_the_console_takes_a_cidr_and_undline_lifts_it()
    {
        Assert.StartsWith("Added D-line on 127.0.5.0/24 by console", await Run("/dline 127.0.5.9/24"));
        Assert.Contains("permanent: No reason given", await Run("/bans"));
        Assert.Equal("No D-line on 127.0.6.0/24", await Run("/undline 127.0.6.0/24"));
        Assert.StartsWith("Removed the D-line on 127.0.5.0/24", await Run("/undline 127.0.5.0/24"));
        Assert.StartsWith("usage: /dline", await Run("/dline"));
    }
}
