using System.Text;
using Parley.Server.Accounts;
using Parley.Server.Doors.InMemory;
using Parley.Server.Doors.Irc;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Accounts;

/// <summary>Helpers for account tests: a hub that hashes with few iterations (fast), accounts made directly in the
/// store, and clients that log in by SASL.</summary>
internal static class AccountHarness
{
    public static HubHarness New(Action<Parley.Server.Hosting.ServerOptions>? configure = null) => new(o =>
    {
        o.Accounts.HashIterations = 64;
        configure?.Invoke(o);
    });

    public static void AddAccount(this HubHarness h, string name, string password) =>
        Assert.True(h.Hub.Accounts.Store.TryCreate(new AccountRecord(name, null, PasswordCredentials.Create(password, 64), h.Time.GetUtcNow())));

    public static string Plain(string user, string password, string authzid = "") =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authzid}\0{user}\0{password}"));

    /// <summary>A client that asked for sasl (and <paramref name="caps"/>) and has sent NICK and USER, still in CAP
    /// negotiation.</summary>
    public static TestClient Negotiating(this HubHarness h, string nick, string caps = "sasl", string? fingerprint = null)
    {
        var connection = new InMemoryConnection() { ClientCertificateFingerprint = fingerprint };
        var client = new TestClient(h.Hub, h.Hub.Connect(connection, IrcWireFormat.Instance), connection);
        client.Send("CAP LS 302");
        client.Send("CAP REQ :" + caps);
        client.Send($"NICK {nick}");
        client.Send($"USER {nick} 0 * :{nick} Realname");
        client.Drain();
        return client;
    }

    /// <summary>A registered client logged in to <paramref name="account"/> by SASL PLAIN.</summary>
    public static TestClient LoggedIn(this HubHarness h, string nick, string account, string password, string caps = "sasl")
    {
        var client = h.Negotiating(nick, caps);
        client.Send("AUTHENTICATE PLAIN");
        client.Send("AUTHENTICATE " + Plain(account, password));
        client.Send("CAP END");
        var lines = client.Drain();
        Assert.Contains(lines, m => m.Command == "903");
        Assert.Contains(lines, m => m.Command == "001");
        return client;
    }
}
