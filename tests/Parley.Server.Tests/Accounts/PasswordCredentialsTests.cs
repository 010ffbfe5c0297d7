using System.Security.Cryptography;
using System.Text;
using Parley.Server.Accounts;

namespace Parley.Server.Tests.Accounts;

public sealed class PasswordCredentialsTests
{
    [Fact]
    public void Keys_follow_rfc_5802_from_the_pbkdf2_salted_password()
    {
        var salt = Encoding.UTF8.GetBytes("saltsaltsaltsalt");
        var credentials = PasswordCredentials.Derive("pencil", salt, 100);
        // SaltedPassword is PBKDF2-HMAC-SHA256 (RFC 7677 uses it as SCRAM's Hi()); StoredKey = H(HMAC(SP, "Client Key")).
        var salted = Rfc2898DeriveBytes.Pbkdf2("pencil"u8.ToArray(), salt, 100, HashAlgorithmName.SHA256, 32);
        Assert.Equal(SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8.ToArray())), credentials.StoredKey);
        Assert.Equal(HMACSHA256.HashData(salted, "Server Key"u8.ToArray()), credentials.ServerKey);
        Assert.Equal(100, credentials.Iterations);
    }

    [Fact]
    public void The_password_matches_and_another_does_not()
    {
        var credentials = PasswordCredentials.Create("correct horse", 50);
        Assert.True(credentials.Matches("correct horse"));
        Assert.False(credentials.Matches("correct horsE"));
        Assert.False(credentials.Matches(""));
    }

    [Fact]
    public void Each_creation_has_its_own_salt()
    {
        var a = PasswordCredentials.Create("same", 10);
        var b = PasswordCredentials.Create("same", 10);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.StoredKey, b.StoredKey);
        Assert.Equal(PasswordCredentials.SaltBytes, a.Salt.Length);
    }
}
