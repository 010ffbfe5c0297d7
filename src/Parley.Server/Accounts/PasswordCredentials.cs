using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Accounts;

/// <summary>What is kept of a password: the salt, the iteration count, and SCRAM-SHA-256's StoredKey and ServerKey
/// (RFC 5802 section 3). The password itself, and the PBKDF2 output it yields, are never stored.</summary>
/// <remarks>One PBKDF2-SHA256 derivation (RFC 8018) gives SCRAM's SaltedPassword, from which both keys follow by HMAC
/// and hash; the same derivation checks a password given in the clear (SASL PLAIN, NickServ IDENTIFY) by comparing the
/// StoredKey it yields. So SCRAM needs no second copy of anything, and a stolen database holds only keys that take a
/// full PBKDF2 run per guess to attack. Deriving costs hundreds of milliseconds of CPU at production iteration counts:
/// call <see cref="Derive"/> and <see cref="Matches"/> off the hub's thread.</remarks>
public sealed record PasswordCredentials(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>Bytes of random salt per account.</summary>
    public const int SaltBytes = 16;

    /// <summary>New credentials for <paramref name="password"/> with a fresh random salt. Slow.</summary>
    public static PasswordCredentials Create(string password, int iterations) =>
        Derive(password, RandomNumberGenerator.GetBytes(SaltBytes), iterations);

    /// <summary>The credentials <paramref name="password"/> gives with this salt and iteration count. Slow.</summary>
    public static PasswordCredentials Derive(string password, byte[] salt, int iterations)
    {
        var salted = SaltedPassword(password, salt, iterations);
        try
        {
            var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
            var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
            return new PasswordCredentials(salt, iterations, SHA256.HashData(clientKey), serverKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(salted);
        }
    }

    /// <summary>SCRAM's SaltedPassword: PBKDF2-HMAC-SHA256 of the password's UTF-8 bytes, 32 bytes long.</summary>
    public static byte[] SaltedPassword(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>Whether <paramref name="password"/> is this account's password (a full derivation, then a comparison in
    /// fixed time). Slow.</summary>
    public bool Matches(string password)
    {
        var derived = Derive(password, Salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(derived.StoredKey, StoredKey);
    }
}
