using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Commands.Operator;

/// <summary>Operator password hashes as one line of text: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, salt and hash in
/// standard base64 (16 and 32 bytes when made here). The line says how it was made, so a later Parley can raise the
/// iteration count for new hashes and still check old ones.</summary>
/// <remarks>PBKDF2 with HMAC-SHA256 is what .NET has built in (no package, FIPS-approved); OWASP's 2023 advice for it is
/// 600,000 iterations, about 0.3 s of one core here, which is why checking runs off the hub's thread. Operators' own
/// helper on purpose: the accounts' password store evolves on its own schedule.</remarks>
public static class OperatorPasswordHash
{
    /// <summary>The scheme name that starts every hash line.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>The iteration count of new hashes.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The most iterations a line may ask for: a typo must not make OPER cost minutes of CPU.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt and returns the line to put in the config.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="password"/> matches the hash line. Slow on purpose (the line's iteration count);
    /// a line that cannot be read never matches.</summary>
    public static bool Verify(string password, string line)
    {
        if (!TryParse(line, out var parsed, out _))
        {
            return false;
        }
        var derived = Derive(password, parsed.Salt, parsed.Iterations, parsed.Hash.Length);
        // Constant time: how long the comparison takes says nothing about how much of the hash matched.
        return CryptographicOperations.FixedTimeEquals(derived, parsed.Hash);
    }

    /// <summary>Reads a hash line; false with a one-line <paramref name="error"/> when it is not one.</summary>
    public static bool TryParse(string? line, out ParsedHash parsed, out string error)
    {
        parsed = default;
        var parts = (line ?? string.Empty).Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            error = $"not a password hash (expected {Scheme}$ITERATIONS$SALT$HASH, as `parley admin hash-password` prints)";
            return false;
        }
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > MaxIterations)
        {
            error = $"the iteration count '{parts[1]}' is not a number from 1 to {MaxIterations}";
            return false;
        }
        byte[] salt, hash;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            error = "the salt or the hash is not base64";
            return false;
        }
        if (salt.Length < 8 || hash.Length < 16)
        {
            error = "the salt (at least 8 bytes) or the hash (at least 16 bytes) is too short";
            return false;
        }
        parsed = new ParsedHash(iterations, salt, hash);
        error = string.Empty;
        return true;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    /// <summary>The parts of a hash line.</summary>
    public readonly record struct ParsedHash(int Iterations, byte[] Salt, byte[] Hash);
}
