using System.Security.Cryptography;
using System.Text;
using Parley.Server.Accounts;

namespace Parley.Server.Tests.Accounts;

/// <summary>The client's side of SCRAM-SHA-256, written from RFC 5802 for tests: builds the client-first and
/// client-final messages and checks the server's signature.</summary>
public sealed class ScramTestClient(string user, string password, string? authzid = null)
{
    private readonly string _nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
    private string _clientFirstBare = string.Empty;
    private string _gs2 = string.Empty;
    private byte[] _serverSignature = [];

    public string First()
    {
        _gs2 = authzid is null ? "n,," : $"n,a={authzid},";
        _clientFirstBare = $"n={user},r={_nonce}";
        return _gs2 + _clientFirstBare;
    }

    public string Final(string serverFirst)
    {
        var fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        var salted = PasswordCredentials.SaltedPassword(password, Convert.FromBase64String(fields["s"]), int.Parse(fields["i"]));
        var clientKey = HMACSHA256.HashData(salted, Encoding.UTF8.GetBytes("Client Key"));
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2))},r={fields["r"]}";
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        _serverSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, Encoding.UTF8.GetBytes("Server Key")), authMessage);
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    public bool Verifies(string serverFinal) => serverFinal == "v=" + Convert.ToBase64String(_serverSignature);
}
