using Parley.Client.Chat;
using Parley.Protocol.Irc;

namespace Parley.Client.Tests.Chat;

public sealed class HistoryReplayTests
{
    private static ChatClient Client()
    {
        var client = new ChatClient(new ClientOptions { Nick = "alice", TimeZone = TimeZoneInfo.Utc }, new Random(7));
        client.Start();
        foreach (var line in new[]
        {
            ":srv CAP * LS :batch echo-message multi-prefix server-time",
            ":srv CAP * ACK :batch echo-message multi-prefix server-time",
            ":srv 001 alice :Welcome",
            ":alice!~alice@127.0.0.1 JOIN #lobby",
        })
        {
            client.Receive(IrcParser.Parse(line)!);
        }
        return client;
    }

    private static List<string> Show(ChatClient client, string line) => client.Receive(IrcParser.Parse(line)!).Lines;

    [Fact]
    public void The_client_asks_for_batch_and_server_time()
    {
        Assert.Contains("batch", ChatClient.WantedCapabilities);
        Assert.Contains("server-time", ChatClient.WantedCapabilities);
    }

    [Fact]
    public void Replayed_lines_show_the_time_they_were_said_and_ones_own_lines_too()
    {
        var client = Client();
        Assert.Empty(Show(client, ":srv BATCH +h1 chathistory #lobby"));
        Assert.Equal(["[09:15] <bob> earlier"],
            Show(client, "@batch=h1;time=2026-01-01T09:15:30.000Z :bob!b@h PRIVMSG #lobby :earlier"));
        Assert.Equal(["[09:16] <alice> my own, from before"],
            Show(client, "@batch=h1;time=2026-01-01T09:16:00.000Z :alice!a@h PRIVMSG #lobby :my own, from before"));
        Assert.Empty(Show(client, ":srv BATCH -h1"));

        Assert.Equal(["<bob> live"], Show(client, "@time=2026-01-01T10:00:00.000Z :bob!b@h PRIVMSG #lobby :live"));
        Assert.Empty(Show(client, "@time=2026-01-01T10:00:01.000Z :alice!a@h PRIVMSG #lobby :an echo")); // shown when typed
    }

    [Fact]
    public void Lines_of_other_batch_types_are_not_history()
    {
        var client = Client();
        Show(client, ":srv BATCH +x netsplit a b");
        Assert.Equal(["<bob> hi"], Show(client, "@batch=x;time=2026-01-01T09:15:30.000Z :bob!b@h PRIVMSG #lobby :hi"));
    }
}
