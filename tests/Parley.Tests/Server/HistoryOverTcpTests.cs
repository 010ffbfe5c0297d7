using Parley.Protocol.Irc;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>History over real sockets: kept in the data directory across a restart, read back with CHATHISTORY, and
/// replayed to a plain-text user who joins.</summary>
public sealed class HistoryOverTcpTests
{
    [Fact(Timeout = 30_000)]
    public async Task Messages_survive_a_restart_and_come_back_through_chathistory_and_replay_on_join()
    {
        var cancel = TestContext.Current.CancellationToken;
        var data = InProcessServer.NewDataDirectory();
        string msgid;
        await using (var server = await InProcessServer.StartAsync(o => o.DataDirectory = data))
        {
            await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
            await alice.SendAsync("CAP REQ :echo-message message-tags server-time");
            await alice.JoinAsync("#lobby");
            await alice.SendAsync("PRIVMSG #lobby :first", "PRIVMSG #lobby :second");
            await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #lobby :first", StringComparison.Ordinal) || l.EndsWith("PRIVMSG #lobby first", StringComparison.Ordinal));
            var second = IrcParser.Parse(await alice.ExpectAsync(l => l.Contains("second", StringComparison.Ordinal)))!;
            msgid = second.Tag("msgid")!;
        }

        await using var again = await InProcessServer.StartAsync(o => o.DataDirectory = data);
        await using var bob = await LineClient.ConnectAsync(again.Port(), "bob", cancel);
        await bob.SendAsync("CAP LS 302", "CAP REQ :draft/chathistory batch message-tags server-time", "NICK bob", "USER bob 0 * :bob", "CAP END");
        await bob.ExpectAsync(l => LineClient.Command(l) is "376" or "422");
        await bob.JoinAsync("#lobby");
        await bob.SendAsync("CHATHISTORY LATEST #lobby * 10");
        var batch = (await bob.ReadUntilAsync(l => LineClient.Command(l) == "BATCH" && l.Contains(" -", StringComparison.Ordinal)))
            .Select(l => IrcParser.Parse(l)!).SkipWhile(m => m.Command != "BATCH").ToList();
        Assert.Equal(["chathistory", "#lobby"], batch[0].Parameters.Skip(1));
        Assert.Equal(["first", "second"], batch.Where(m => m.Command == "PRIVMSG").Select(m => m.Parameters[1]));
        Assert.Equal(msgid, batch.Last(m => m.Command == "PRIVMSG").Tag("msgid"));

        // A plain-text user (no line for 1.5 s) lands in #lobby and is shown the recent lines with their time.
        await using var plain = await LineClient.ConnectAsync(again.Port(), "plain", cancel);
        await plain.ExpectAsync(l => l == "Recent messages in #lobby (times in UTC):", TimeSpan.FromSeconds(5));
        Assert.Matches(@"^\[\d\d:\d\d\] <alice> first$", await plain.ExpectAsync(_ => true));
        Assert.Matches(@"^\[\d\d:\d\d\] <alice> second$", await plain.ExpectAsync(_ => true));
    }
}
