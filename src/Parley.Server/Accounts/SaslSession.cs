using System.Text;

namespace Parley.Server.Accounts;

/// <summary>One SASL exchange of a session, from <c>AUTHENTICATE &lt;mechanism&gt;</c> to 903 or 904: the mechanism,
/// the chunks of the client's current response, and how far the exchange has come.</summary>
internal sealed class SaslSession(string mechanism)
{
    /// <summary>The mechanism in upper case (PLAIN, SCRAM-SHA-256, EXTERNAL).</summary>
    public string Mechanism { get; } = mechanism;

    /// <summary>The base64 chunks of the response being received (a chunk of exactly 400 means more follow).</summary>
    public StringBuilder Response { get; } = new();

    /// <summary>How many complete responses the client has sent in this exchange.</summary>
    public int Step { get; set; }

    /// <summary>SCRAM's state, for SCRAM-SHA-256.</summary>
    public ScramExchange? Scram { get; set; }

    /// <summary>The account SCRAM found for the user name (null when there is none: the exchange then runs on decoy
    /// credentials, so it looks the same, and fails).</summary>
    public AccountRecord? Account { get; set; }
}
