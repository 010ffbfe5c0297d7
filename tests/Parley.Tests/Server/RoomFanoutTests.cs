using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>Room messages over real loopback sockets: who gets them, how often, and what a vanished client leaves behind.</summary>
public sealed class RoomFanoutTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_message_to_a_room_of_fifty_reaches_every_other_member_exactly_once_and_not_the_sender()
    {
        var cancel = TestContext.Current.CancellationToken;
        // Loopback is exempt so that later per-IP connection limits do not turn this into a test of them.
        await using var server = await InProcessServer.StartAsync(o => o.Limits.Exempt = "127.0.0.0/8");
        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var client = await LineClient.RegisterAsync(server.Port(), $"user{i}", cancel);
            await client.JoinAsync("#lobby");
            return client;
        }));
        try
        {
            var sender = clients[0];
            await sender.SendAsync("PRIVMSG #lobby :hello everyone", "PRIVMSG #lobby :end of test");

            var everyone = clients.Skip(1).Select(async member =>
            {
                // The sender's messages arrive in order, so a duplicate of the first would come before the second.
                var lines = await member.ReadUntilAsync(l => l.EndsWith("PRIVMSG #lobby :end of test", StringComparison.Ordinal));
                var copies = lines.Count(l => l.StartsWith(":user0!", StringComparison.Ordinal) && l.EndsWith("PRIVMSG #lobby :hello everyone", StringComparison.Ordinal));
                Assert.True(copies == 1, $"{member.Name} got the message {copies} times");
            });
            await Task.WhenAll(everyone);

            // The hub answers the PING after it relayed both messages, so an echo to the sender would be before the PONG.
            var own = await sender.SyncAsync();
            Assert.DoesNotContain(own, l => LineClient.Command(l) == "PRIVMSG");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task A_client_whose_socket_closes_without_QUIT_is_seen_quitting_by_the_others()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await InProcessServer.StartAsync();
        await using var alice = await LineClient.RegisterAsync(server.Port(), "alice", cancel);
        await using var bob = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
        await alice.JoinAsync("#lobby");
        await bob.JoinAsync("#lobby");
        await alice.ExpectAsync(l => l.StartsWith(":bob!", StringComparison.Ordinal) && LineClient.Command(l) == "JOIN");

        bob.Abort();

        var quit = await alice.ExpectAsync(l => LineClient.Command(l) == "QUIT");
        Assert.StartsWith(":bob!", quit, StringComparison.Ordinal);

        // bob's nick is free again once the hub saw the disconnect.
        await using var bob2 = await LineClient.RegisterAsync(server.Port(), "bob", cancel);
    }
}
