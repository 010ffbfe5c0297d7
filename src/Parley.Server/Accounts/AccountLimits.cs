namespace Parley.Server.Accounts;

/// <summary>Fixed facts about accounts that the wire advertises: mechanisms, capability values, sizes.</summary>
public static class AccountLimits
{
    /// <summary>The SASL mechanisms, as CAP LS 302 shows them after <c>sasl=</c> and RPL_SASLMECHS lists them.</summary>
    public const string SaslMechanisms = "PLAIN,SCRAM-SHA-256,EXTERNAL";

    /// <summary>The <c>draft/account-registration</c> value: REGISTER works before connection registration completes.
    /// No e-mail is ever sent, so none is required, and the account name is always the nick (no custom-account-name).</summary>
    public const string RegistrationCapabilityValue = "before-connect";

    /// <summary>One AUTHENTICATE chunk: its parameter is at most this long; exactly this long means more follows.</summary>
    public const int ChunkBytes = 400;

    /// <summary>The most base64 one SASL response may gather across chunks; past it the exchange fails (a client cannot
    /// make the server hold an endless response).</summary>
    public const int MaxResponseBytes = 8 * 1024;

    /// <summary>The longest password accepted, in UTF-8 bytes (a NickServ message must still fit in a line; the IRCv3
    /// account-registration draft suggests 300 as a safe bound, SASL PLAIN may carry more).</summary>
    public const int MaxPasswordBytes = 600;

    /// <summary>The least number of PBKDF2 iterations a production configuration may set (OWASP's 2023 advice for
    /// PBKDF2-HMAC-SHA256).</summary>
    public const int MinProductionIterations = 600_000;
}
