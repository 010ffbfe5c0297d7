using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Registration;

/// <summary>Capability values (CAP LS 302's <c>name=value</c>) and the draft capabilities that carry them.</summary>
public sealed class CapNegotiationTests
{
    private static List<string> Listed(TestClient client) =>
        client.Drain().Where(m => m.Command == "CAP").SelectMany(m => m.Parameters[^1].Split(' ')).ToList();

    [Fact]
    public void Cap_ls_302_shows_multiline_limits_as_its_value()
    {
        var h = new HubHarness();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        var caps = Listed(client);
        Assert.Contains($"draft/multiline=max-bytes={ServerSupport.MultilineMaxBytes},max-lines={ServerSupport.MultilineMaxLines}", caps);
        Assert.Contains("draft/channel-rename", caps);
        Assert.Contains("draft/read-marker", caps);
    }

    [Fact]
    public void Cap_ls_without_302_shows_bare_names()
    {
        var h = new HubHarness();
        var client = h.ConnectRaw();
        client.Send("CAP LS");
        var caps = Listed(client);
        Assert.Contains("draft/multiline", caps);
        Assert.DoesNotContain(caps, c => c.Contains('='));
    }

    [Fact]
    public void A_capability_with_a_value_is_requested_by_its_bare_name()
    {
        var h = new HubHarness();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        client.Drain();
        client.Send("CAP REQ :draft/multiline batch");
        Assert.Equal("ACK", client.Drain().Single().Parameters[1]);
        Assert.True(client.Session.Has(Capability.Multiline | Capability.Batch));
        client.Send("CAP LIST");
        Assert.Contains("draft/multiline", Listed(client));
    }
}
