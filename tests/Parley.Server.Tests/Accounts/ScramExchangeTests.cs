using System.Text;
using Parley.Server.Accounts;

namespace Parley.Server.Tests.Accounts;

/// <summary>SCRAM-SHA-256 on the server's side, against the test vector of RFC 7677 section 3 (user "user", password
/// "pencil").</summary>
public sealed class ScramExchangeTests
{
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static PasswordCredentials Pencil() =>
        PasswordCredentials.Derive("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    [Fact]
    public void The_rfc_7677_exchange_gives_the_rfc_server_first_and_server_final_messages()
    {
        var scram = new ScramExchange(ServerNonce);
        Assert.True(scram.ReadClientFirst(ClientFirst));
        Assert.Equal("user", scram.User);
        Assert.Null(scram.AuthorizationId);
        Assert.Equal(ServerFirst, scram.ServerFirst(Pencil()));
        Assert.Equal(ServerFinal, scram.ReadClientFinal(ClientFinal));
    }

    [Fact]
    public void A_proof_made_with_another_password_is_refused()
    {
        var scram = new ScramExchange(ServerNonce);
        Assert.True(scram.ReadClientFirst(ClientFirst));
        scram.ServerFirst(PasswordCredentials.Derive("pen", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096));
        Assert.Null(scram.ReadClientFinal(ClientFinal));
    }

    [Fact]
    public void A_client_final_with_another_nonce_or_binding_is_refused()
    {
        var scram = new ScramExchange(ServerNonce);
        Assert.True(scram.ReadClientFirst(ClientFirst));
        scram.ServerFirst(Pencil());
        Assert.Null(scram.ReadClientFinal(ClientFinal.Replace("k0,p=", "k1,p=")));
        Assert.Null(scram.ReadClientFinal(ClientFinal.Replace("c=biws", "c=eSws")));
        Assert.Null(scram.ReadClientFinal("c=biws,r=x"));
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc")] // channel binding is not offered
    [InlineData("n,,m=ext,n=user,r=abc")] // a mandatory extension
    [InlineData("n,,n=,r=abc")] // no user
    [InlineData("n,,n=user,r=")] // no nonce
    [InlineData("n,,n=us=41er,r=abc")] // a bad escape
    [InlineData("n,n=user,r=abc")] // no gs2 header
    [InlineData("")]
    public void Malformed_client_first_messages_are_refused(string message) =>
        Assert.False(new ScramExchange("x").ReadClientFirst(message));

    [Fact]
    public void Escaped_commas_and_equals_in_names_are_decoded()
    {
        var scram = new ScramExchange("x");
        Assert.True(scram.ReadClientFirst("n,a=b=2Cc,n=a=3Db,r=abc"));
        Assert.Equal("a=b", scram.User);
        Assert.Equal("b,c", scram.AuthorizationId);
    }

    [Fact]
    public void The_gs2_header_with_an_authzid_is_what_the_binding_must_echo()
    {
        var credentials = PasswordCredentials.Derive("pencil", Encoding.UTF8.GetBytes("0123456789abcdef"), 16);
        var client = new ScramTestClient("user", "pencil", authzid: "user");
        var scram = new ScramExchange(ScramExchange.NewNonce());
        Assert.True(scram.ReadClientFirst(client.First()));
        var final = client.Final(scram.ServerFirst(credentials));
        var serverFinal = scram.ReadClientFinal(final);
        Assert.NotNull(serverFinal);
        Assert.True(client.Verifies(serverFinal));
    }
}
