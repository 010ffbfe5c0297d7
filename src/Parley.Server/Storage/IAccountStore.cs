using Parley.Server.Accounts;

namespace Parley.Server.Storage;

/// <summary>Where accounts are kept: their names, the keys derived from their passwords (never a password), and the
/// client-certificate fingerprints that log them in by SASL EXTERNAL.</summary>
/// <remarks>Every call is a single indexed row read or write, cheap enough for the hub's thread; names are looked up by
/// their casefolded form (<see cref="Parley.Protocol.Irc.IrcCaseMapping.Fold"/>), so "Alice" and "alice" are one
/// account.</remarks>
public interface IAccountStore
{
    /// <summary>The account called <paramref name="name"/> (any case), or null.</summary>
    AccountRecord? Find(string name);

    /// <summary>Adds a new account; false (and nothing changed) when one of that name already exists.</summary>
    bool TryCreate(AccountRecord account);

    /// <summary>Replaces an account's password keys; false when there is no such account.</summary>
    bool UpdateCredentials(string name, PasswordCredentials credentials);

    /// <summary>Deletes an account and its certificate fingerprints; false when there is no such account.</summary>
    bool Delete(string name);

    /// <summary>The certificate fingerprints added to an account, oldest first.</summary>
    IReadOnlyList<string> Fingerprints(string name);

    /// <summary>Adds a certificate fingerprint (SHA-256, lower-case hex) to an account; false when that fingerprint is
    /// already on some account.</summary>
    bool AddFingerprint(string name, string fingerprint);

    /// <summary>Removes a certificate fingerprint from an account; false when the account did not have it.</summary>
    bool RemoveFingerprint(string name, string fingerprint);

    /// <summary>The name of the account a certificate fingerprint belongs to, or null.</summary>
    string? FindByFingerprint(string fingerprint);

    /// <summary>How many accounts there are.</summary>
    int Count();
}
