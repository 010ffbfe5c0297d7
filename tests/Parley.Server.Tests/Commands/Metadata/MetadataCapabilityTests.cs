using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Metadata;

public sealed class MetadataCapabilityTests
{
    private static List<string> CapLs(string version)
    {
        var client = new HubHarness().ConnectRaw();
        client.Send("CAP LS" + version);
        return client.Drain().SelectMany(m => m.Parameters[^1].Split(' ')).ToList();
    }

    [Fact]
    public void Cap_ls_302_shows_the_metadata_limits_as_the_capabilitys_value()
    {
        var caps = CapLs(" 302");

        var metadata = Assert.Single(caps, c => c.StartsWith("draft/metadata-3", StringComparison.Ordinal));
        var tokens = metadata["draft/metadata-3=".Length..].Split(',');
        Assert.Contains("before-connect", tokens);
        Assert.Contains($"max-subs={MetadataLimits.MaxSubscriptions}", tokens);
        Assert.Contains($"max-keys={MetadataLimits.MaxKeys}", tokens);
        Assert.Contains($"max-value-bytes={MetadataLimits.MaxValueBytes}", tokens);
    }

    [Fact]
    public void Cap_ls_without_302_shows_bare_names_only()
    {
        var caps = CapLs(string.Empty);

        Assert.Contains("draft/metadata-3", caps);
        Assert.DoesNotContain(caps, c => c.Contains('='));
    }

    [Fact]
    public void The_capability_is_requested_by_its_bare_name_and_listed_without_value()
    {
        var client = new HubHarness().ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("CAP REQ :draft/metadata-3 batch");
        client.Drain();

        Assert.True(client.Session.Has(Capability.Metadata | Capability.Batch));
        client.Send("CAP LIST");
        var list = Assert.Single(client.Drain());
        Assert.Contains("draft/metadata-3", list.Parameters[^1].Split(' '));
        Assert.DoesNotContain("=", list.Parameters[^1]);
    }
}
