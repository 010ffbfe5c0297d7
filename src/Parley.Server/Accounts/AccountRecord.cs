namespace Parley.Server.Accounts;

/// <summary>One account as stored: its name as registered, an optional e-mail address (kept, never used to send
/// anything), the keys derived from its password and when it was registered.</summary>
/// <param name="Name">The account name, in the case it was registered with; it is also the one nick the account
/// protects.</param>
/// <param name="Email">The address given at registration, or null.</param>
/// <param name="Credentials">What is kept of the password (see <see cref="PasswordCredentials"/>).</param>
/// <param name="RegisteredAt">When the account was registered.</param>
public sealed record AccountRecord(string Name, string? Email, PasswordCredentials Credentials, DateTimeOffset RegisteredAt);
