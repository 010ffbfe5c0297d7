using Parley.Protocol.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

public sealed class MetadataBeforeRegistrationTests
{
    private static TestClient Negotiating(HubHarness harness)
    {
        var client = harness.ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("CAP REQ :draft/metadata-3 batch");
        client.Drain();
        return client;
    }

    [Fact]
    public void Set_before_registration_answers_with_star_for_nick_and_target()
    {
        var harness = new HubHarness();
        var client = Negotiating(harness);

        client.Send("METADATA * SET display-name :Early");

        var reply = Assert.Single(client.Drain());
        Assert.Equal(Numerics.RPL_KEYVALUE, reply.Command);
        Assert.Equal(["*", "*", "display-name", "*", "Early"], reply.Parameters);
    }

    [Fact]
    public void Other_targets_are_refused_before_registration()
    {
        var harness = new HubHarness();
        harness.ConnectWithMetadata("alice");
        var client = Negotiating(harness);

        client.Send("METADATA alice GET display-name");

        Assert.Equal(["METADATA", "KEY_NO_PERMISSION", "alice", "*"], Assert.Single(client.Drain()).Parameters.Take(4));
    }

    [Fact]
    public void The_registration_burst_carries_ones_own_metadata_before_the_end_of_the_motd()
    {
        var harness = new HubHarness();
        var client = Negotiating(harness);
        client.Send("METADATA * SUB avatar");
        client.Send("METADATA * SET display-name :Early");
        client.Drain();

        client.Send("NICK early");
        client.Send("USER early 0 * :Early");
        client.Send("CAP END");

        var burst = client.Drain();
        var (parameters, inside) = burst.Batch("metadata");
        Assert.Equal(["early"], parameters);
        Assert.Equal(["early", "early", "display-name", "*", "Early"], Assert.Single(inside).Parameters);
        var batchAt = burst.FindIndex(m => m.Command == "BATCH");
        var motdEnd = burst.FindIndex(m => m.Command is Numerics.RPL_ENDOFMOTD or Numerics.ERR_NOMOTD);
        Assert.True(batchAt < motdEnd);
        Assert.True(harness.Hub.Metadata.IsSubscribed(client.Session, "avatar"));
    }

    [Fact]
    public void The_burst_batch_is_sent_empty_when_nothing_was_set()
    {
        var harness = new HubHarness();
        var client = Negotiating(harness);

        client.Send("NICK early");
        client.Send("USER early 0 * :Early");
        client.Send("CAP END");

        Assert.Empty(client.Drain().Batch("metadata").Inside);
    }

    [Fact]
    public void Clients_without_the_capability_get_no_burst_batch()
    {
        var harness = new HubHarness();
        var client = harness.ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("CAP REQ :batch");
        client.Send("NICK plain");
        client.Send("USER plain 0 * :Plain");
        client.Send("CAP END");

        Assert.DoesNotContain(client.Drain(), m => m.Command == "BATCH");
    }
}
