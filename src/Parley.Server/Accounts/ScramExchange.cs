using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Accounts;

/// <summary>The server's side of one SCRAM-SHA-256 exchange (RFC 5802 with RFC 7677's hash), without channel binding:
/// read the client-first message, answer with the salt and iteration count, check the client's proof against the
/// stored key, and sign the exchange with the server key so the client knows it spoke to a server that has them.</summary>
/// <remarks>No password and no PBKDF2 run on the server: the proof is checked with one HMAC and one hash. Names are
/// taken as given (no SASLprep): they are nicks, ASCII by construction. Passwords are UTF-8 bytes as given, the same as
/// PLAIN, so a password set one way works the other way.</remarks>
public sealed class ScramExchange(string serverNonce)
{
    private string _gs2Header = string.Empty;
    private string _clientFirstBare = string.Empty;
    private string _serverFirst = string.Empty;
    private string _nonce = string.Empty;
    private PasswordCredentials? _credentials;

    /// <summary>A fresh server nonce: 18 random bytes in base64 (no ',' in it, as the nonce syntax requires).</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>The user name (authcid) from the client-first message.</summary>
    public string User { get; private set; } = string.Empty;

    /// <summary>The authorization identity (authzid) from the client-first message, or null when none was given.</summary>
    public string? AuthorizationId { get; private set; }

    /// <summary>Reads the client-first message; false when it is malformed or asks for channel binding or a mandatory
    /// extension.</summary>
    public bool ReadClientFirst(string message)
    {
        // gs2-header = cbind-flag "," [ "a=" saslname ] ","; then client-first-bare = "n=" saslname ",r=" nonce ["," ext]
        var first = message.IndexOf(',');
        var second = first < 0 ? -1 : message.IndexOf(',', first + 1);
        if (second < 0)
        {
            return false;
        }
        var flag = message[..first];
        if (flag is not ("n" or "y"))
        {
            return false; // "p=..." wants channel binding, which is not offered (no SCRAM-SHA-256-PLUS)
        }
        var authzid = message[(first + 1)..second];
        if (authzid.Length > 0)
        {
            if (!authzid.StartsWith("a=", StringComparison.Ordinal) || DecodeName(authzid[2..]) is not { Length: > 0 } decoded)
            {
                return false;
            }
            AuthorizationId = decoded;
        }
        _gs2Header = message[..(second + 1)];
        _clientFirstBare = message[(second + 1)..];
        var attributes = _clientFirstBare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return false; // this also refuses "m=", a mandatory extension nobody defines
        }
        if (DecodeName(attributes[0][2..]) is not { Length: > 0 } user)
        {
            return false;
        }
        var clientNonce = attributes[1][2..];
        if (clientNonce.Length == 0 || clientNonce.Any(c => c is < '!' or > '~'))
        {
            return false;
        }
        User = user;
        _nonce = clientNonce + serverNonce;
        return true;
    }

    /// <summary>The server-first message for the account's <paramref name="credentials"/> (or, for an account that does
    /// not exist, credentials that look the same and match nothing).</summary>
    public string ServerFirst(PasswordCredentials credentials)
    {
        _credentials = credentials;
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(credentials.Salt)},i={credentials.Iterations}";
        return _serverFirst;
    }

    /// <summary>Checks the client-final message; the server-final message ("v=" and the server's signature) when the
    /// proof is right, null when it is wrong or the message is malformed.</summary>
    public string? ReadClientFinal(string message)
    {
        if (_credentials is null)
        {
            return null;
        }
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            return null;
        }
        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2 || attributes[0] != "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header))
            || attributes[1] != "r=" + _nonce)
        {
            return null;
        }
        var proof = new byte[32];
        if (!Convert.TryFromBase64String(message[(proofAt + 3)..], proof, out var length) || length != 32)
        {
            return null;
        }
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var clientSignature = HMACSHA256.HashData(_credentials.StoredKey, authMessage);
        var clientKey = new byte[32];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), _credentials.StoredKey))
        {
            return null;
        }
        return "v=" + Convert.ToBase64String(HMACSHA256.HashData(_credentials.ServerKey, authMessage));
    }

    /// <summary>A saslname with "=2C" and "=3D" turned back into ',' and '='; null when another '=' escape appears.</summary>
    private static string? DecodeName(string text)
    {
        if (!text.Contains('='))
        {
            return text;
        }
        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '=')
            {
                decoded.Append(text[i]);
                continue;
            }
            var escape = i + 3 <= text.Length ? text.Substring(i, 3) : string.Empty;
            if (escape == "=2C")
            {
                decoded.Append(',');
            }
            else if (escape == "=3D")
            {
                decoded.Append('=');
            }
            else
            {
                return null;
            }
            i += 2;
        }
        return decoded.ToString();
    }
}
