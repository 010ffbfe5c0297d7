using Parley.Protocol.Irc;
using Parley.Server.Hub;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Queries;

/// <summary>WHOIS's 276 line: the fingerprint of the client certificate a user presented over TLS.</summary>
public sealed class WhoisCertfpTests
{
    private const string Fingerprint = "d1362dccf35beff7a55130dfad8e0dfb96753ed4ce40e1334087c77952ae3da8";

    [Fact]
    public void The_user_sees_their_own_certificate_fingerprint()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Connection.ClientCertificateFingerprint = Fingerprint;

        alice.Send("WHOIS alice");

        var certfp = Assert.Single(alice.Drain(), m => m.Command == Numerics.RPL_WHOISCERTFP);
        Assert.Equal(["alice", "alice", $"has client certificate fingerprint {Fingerprint}"], certfp.Parameters);
    }

    [Fact]
    public void Operators_see_the_fingerprint_and_other_users_do_not()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");
        alice.Connection.ClientCertificateFingerprint = Fingerprint;
        var bob = harness.Connect("bob");
        var oper = harness.Connect("oper");
        oper.Session.Modes |= UserModes.Operator;

        bob.Send("WHOIS alice");
        oper.Send("WHOIS alice");

        Assert.DoesNotContain(bob.Drain(), m => m.Command == Numerics.RPL_WHOISCERTFP);
        var seen = Assert.Single(oper.Drain(), m => m.Command == Numerics.RPL_WHOISCERTFP);
        Assert.EndsWith(Fingerprint, seen.Parameters[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_client_certificate_there_is_no_276_line()
    {
        var harness = new HubHarness();
        var alice = harness.Connect("alice");

        alice.Send("WHOIS alice");

        Assert.DoesNotContain(alice.Drain(), m => m.Command == Numerics.RPL_WHOISCERTFP);
    }
}
