using System.Text;

namespace Parley.Server.Accounts;

/// <summary>The one message of SASL PLAIN (RFC 4616): <c>[authzid] NUL authcid NUL password</c>.</summary>
/// <param name="AuthorizationId">Who to act as, or null when not given (then it is the authcid).</param>
/// <param name="User">The account name (authcid).</param>
/// <param name="Password">The password.</param>
public sealed record SaslPlain(string? AuthorizationId, string User, string Password)
{
    /// <summary>Reads the decoded response; null when it is not three NUL-separated UTF-8 parts with a user name and a
    /// password (an empty one is refused, as RFC 4616 says).</summary>
    public static SaslPlain? Parse(byte[] response)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(response);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var parts = text.Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return null;
        }
        return new SaslPlain(parts[0].Length == 0 ? null : parts[0], parts[1], parts[2]);
    }
}
