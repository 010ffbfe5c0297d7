using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Bad input over a real socket: after each, the same connection still works and another client is
/// unaffected. (Each kind is covered one by one in Parley.Server.Tests' BadInputTests; these check the door.)</summary>
public sealed class BadInputOverTcpTests
{
    private static async Task AssertHealthyAsync(LineClient alice, LineClient bob)
    {
        await alice.SyncAsync();
        await alice.SendAsync("PRIVMSG #room :alice is fine");
        await bob.ExpectAsync(l => l.EndsWith("PRIVMSG #room :alice is fine", StringComparison.Ordinal));
        await bob.SendAsync("PRIVMSG #room :bob is fine");
        await alice.ExpectAsync(l => l.EndsWith("PRIVMSG #room :bob is fine", StringComparison.Ordinal));
    }

    private static async Task<(LineClient Alice, LineClient Bob)> TwoInARoomAsync(int port, CancellationToken cancel)
    {
        var alice = await LineClient.RegisterAsync(port, "alice", cancel);
        var bob = await LineClient.RegisterAsync(port, "bob", cancel);
        await alice.JoinAsync("#room");
        await bob.JoinAsync("#room");
        return (alice, bob);
    }

    [Fact(Timeout = 30_000)]
    public async Task Random_bytes_then_a_normal_line_on_the_same_connection()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        var (alice, bob) = await TwoInARoomAsync(server.Port(), cancel);
        await using (alice)
        await using (bob)
        {
            var random = new Random(7);
            for (var i = 0; i < 4; i++)
            {
                var bytes = new byte[32 * 1024];
                random.NextBytes(bytes);
                await alice.SendRawAsync([.. bytes, (byte)'\n']);
            }
            await AssertHealthyAsync(alice, bob);
            var seenByBob = await bob.SyncAsync();
            Assert.DoesNotContain(seenByBob, l => l.StartsWith(":alice!", StringComparison.Ordinal) && !l.Contains(" is fine", StringComparison.Ordinal));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Nul_lone_cr_invalid_utf8_and_no_command_lines_are_each_answered_or_dropped()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        var (alice, bob) = await TwoInARoomAsync(server.Port(), cancel);
        await using (alice)
        await using (bob)
        {
            await alice.SendRawAsync("PRIVMSG #room :a\0b\r\n"u8.ToArray());
            Assert.Contains("INVALID_TEXT", await alice.ExpectAsync(l => LineClient.Command(l) == "FAIL"), StringComparison.Ordinal);
            await alice.SendRawAsync([.. "PRIVMSG #room :"u8, 0xC0, 0xAF, .. "\r\n"u8]);
            Assert.Contains("INVALID_UTF8", await alice.ExpectAsync(l => LineClient.Command(l) == "FAIL"), StringComparison.Ordinal);
            await alice.SendRawAsync("   \r\n@a=b\r\n:source\r\n\r\n"u8.ToArray());
            await alice.SendRawAsync("PRIVMSG #room :one\rPRIVMSG #room :two\r\n"u8.ToArray());
            await bob.ExpectAsync(l => l.EndsWith("PRIVMSG #room one", StringComparison.Ordinal));
            await bob.ExpectAsync(l => l.EndsWith("PRIVMSG #room two", StringComparison.Ordinal));
            await AssertHealthyAsync(alice, bob);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task A_join_of_more_rooms_than_chanlimit_gets_405_past_it_and_the_connection_stays()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        var (alice, bob) = await TwoInARoomAsync(server.Port(), cancel);
        await using (alice)
        await using (bob)
        {
            var rooms = Enumerable.Range(0, 100).Select(i => $"#r{i}").ToList();
            await alice.SendAsync("JOIN " + string.Join(',', rooms));
            var lines = await alice.ReadUntilAsync(l => LineClient.Command(l) == "405" && l.Contains(" #r99 ", StringComparison.Ordinal));
            Assert.Equal(51, lines.Count(l => LineClient.Command(l) == "405")); // in #room and 49 more: 50 in all
            await AssertHealthyAsync(alice, bob);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Thousands_of_pathological_tags_and_an_overlong_tag_section_leave_the_connection_usable()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        var (alice, bob) = await TwoInARoomAsync(server.Port(), cancel);
        await using (alice)
        await using (bob)
        {
            var tags = string.Join(';', Enumerable.Range(0, 3000).Select(i => $@"+k{i}=\\\s\"));
            var lines = new StringBuilder();
            for (var i = 0; i < 50; i++)
            {
                lines.Append('@').Append(tags[..4000]).Append(" TAGMSG #room\r\n");
                lines.Append('@').Append(tags).Append(" TAGMSG #room\r\n"); // over 4096: 417
            }
            await alice.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
            var answers = await alice.SyncAsync();
            Assert.Equal(50, answers.Count(l => LineClient.Command(l) == "417"));
            await AssertHealthyAsync(alice, bob);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task A_first_line_longer_than_any_irc_line_is_taken_as_an_overlong_plain_text_line()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var client = await LineClient.ConnectAsync(server.Port(), "blob", cancel);
        await client.SendRawAsync(Encoding.ASCII.GetBytes(new string('a', 100_000)));
        await client.ExpectAsync(l => l.StartsWith("error: line too long", StringComparison.Ordinal));
        await client.SendAsync("", "/help");
        await client.ExpectAsync(l => l.StartsWith("Anything you type", StringComparison.Ordinal));
    }
}
