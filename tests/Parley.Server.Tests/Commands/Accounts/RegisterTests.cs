using static Parley.Server.Tests.Commands.Accounts.AccountHarness;

namespace Parley.Server.Tests.Commands.Accounts;

/// <summary>IRCv3 draft/account-registration: REGISTER and VERIFY.</summary>
public sealed class RegisterTests
{
    [Fact]
    public void Register_star_creates_an_account_named_for_the_nick_and_logs_in()
    {
        var h = New();
        var client = h.Connect("bar");
        client.Send("REGISTER * * shivarampassphrase");
        var replies = client.Drain();
        Assert.Equal(["900", "REGISTER"], replies.Select(m => m.Command));
        Assert.Equal(["SUCCESS", "bar"], replies[1].Parameters.Take(2));
        Assert.Equal("bar", client.Session.Account);
        var stored = h.Hub.Accounts.Store.Find("BAR");
        Assert.NotNull(stored);
        Assert.True(stored.Credentials.Matches("shivarampassphrase"));
        Assert.Equal(64, stored.Credentials.Iterations);
    }

    [Fact]
    public void Register_works_before_connection_registration()
    {
        var h = New();
        var client = h.ConnectRaw();
        client.Send("CAP LS 302");
        client.Send("NICK bar");
        client.Send("REGISTER * person@example.org shivarampassphrase");
        Assert.Contains(client.Drain(), m => m.Command == "REGISTER" && m.Parameters[0] == "SUCCESS");
        Assert.Equal("person@example.org", h.Hub.Accounts.Store.Find("bar")!.Email);
        client.Send("USER bar 0 * :Bar");
        client.Send("CAP END");
        var welcome = client.Drain();
        Assert.Contains(welcome, m => m.Command == "001");
        Assert.DoesNotContain(welcome, m => m.Command == "NOTICE" && m.Source!.StartsWith("NickServ"));
    }

    [Theory]
    [InlineData("REGISTER foo * shivarampassphrase", "ACCOUNT_NAME_MUST_BE_NICK")]
    [InlineData("REGISTER * * short", "WEAK_PASSWORD")]
    [InlineData("REGISTER * not-an-address shivarampassphrase", "INVALID_EMAIL")]
    public void Bad_requests_fail_with_their_code(string line, string code)
    {
        var h = New();
        var client = h.Connect("bar");
        client.Send(line);
        var fail = Assert.Single(client.Drain());
        Assert.Equal(["REGISTER", code], fail.Parameters.Take(2));
        Assert.Null(h.Hub.Accounts.Store.Find("bar"));
    }

    [Fact]
    public void An_existing_account_fails_with_account_exists_and_a_logged_in_client_with_already_authenticated()
    {
        var h = New();
        h.AddAccount("bar", "password1");
        var client = h.Connect("Bar");
        client.Send("REGISTER * * shivarampassphrase");
        Assert.Equal(["REGISTER", "ACCOUNT_EXISTS", "Bar"], Assert.Single(client.Drain(), m => m.Command == "FAIL").Parameters.Take(3));

        var other = h.Connect("baz");
        other.Send("REGISTER * * shivarampassphrase");
        other.Drain();
        other.Send("REGISTER * * shivarampassphrase");
        Assert.Equal("ALREADY_AUTHENTICATED", Assert.Single(other.Drain()).Parameters[1]);
    }

    [Fact]
    public void Register_without_a_nick_asks_for_one()
    {
        var h = New();
        var client = h.ConnectRaw();
        client.Send("REGISTER * * shivarampassphrase");
        Assert.Equal(["REGISTER", "NEED_NICK", "*"], Assert.Single(client.Drain()).Parameters.Take(3));
    }

    [Fact]
    public void Register_before_connection_needs_the_server_password_when_there_is_one()
    {
        var h = New(o => o.Password = "letmein");
        var client = h.ConnectRaw();
        client.Send("NICK bar");
        client.Send("REGISTER * * shivarampassphrase");
        Assert.Equal("TEMPORARILY_UNAVAILABLE", Assert.Single(client.Drain()).Parameters[1]);
        Assert.Null(h.Hub.Accounts.Store.Find("bar"));
    }

    [Fact]
    public void Verify_has_nothing_to_verify()
    {
        var h = New();
        var client = h.Connect("bar");
        client.Send("VERIFY bar 12345");
        Assert.Equal(["VERIFY", "INVALID_CODE", "bar"], Assert.Single(client.Drain()).Parameters.Take(3));
    }
}
