using Parley.Server.Accounts;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests.Storage;

/// <summary>The account store against real SQLite: a file in a temporary directory (reopened, to see what lasts) and
/// a private in-memory database.</summary>
public sealed class SqliteAccountStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-accounts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<bool> Backings => [true, false];

    private SqliteDatabase Open(bool onDisk, bool create = true) =>
        onDisk ? SqliteDatabase.Open(Path.Combine(_root, "parley.db"), create) : SqliteDatabase.OpenInMemory();

    private static AccountRecord Record(string name, string? email = null) =>
        new(name, email, PasswordCredentials.Create("password", 10), new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(Backings))]
    public void An_account_is_found_by_its_name_in_any_case_with_its_keys(bool onDisk)
    {
        using var db = Open(onDisk);
        var store = new SqliteAccountStore(db);
        var record = Record("Alice[x]", "alice@example.org");
        Assert.True(store.TryCreate(record));

        var found = store.Find("ALICE{x}"); // rfc1459 casemapping: [ and { are the same letter
        Assert.NotNull(found);
        Assert.Equal("Alice[x]", found.Name);
        Assert.Equal("alice@example.org", found.Email);
        Assert.Equal(record.RegisteredAt, found.RegisteredAt);
        Assert.Equal(record.Credentials.Salt, found.Credentials.Salt);
        Assert.Equal(record.Credentials.StoredKey, found.Credentials.StoredKey);
        Assert.Equal(record.Credentials.ServerKey, found.Credentials.ServerKey);
        Assert.Equal(10, found.Credentials.Iterations);
        Assert.True(found.Credentials.Matches("password"));
        Assert.Null(store.Find("bob"));
    }

    [Theory]
    [MemberData(nameof(Backings))]
    public void A_second_account_of_the_same_name_is_refused(bool onDisk)
    {
        using var db = Open(onDisk);
        var store = new SqliteAccountStore(db);
        Assert.True(store.TryCreate(Record("alice")));
        Assert.False(store.TryCreate(Record("ALICE", "other@example.org")));
        Assert.Null(store.Find("alice")!.Email);
        Assert.Equal(1, store.Count());
    }

    [Theory]
    [MemberData(nameof(Backings))]
    public void Credentials_change_and_an_account_is_deleted_with_its_certificates(bool onDisk)
    {
        using var db = Open(onDisk);
        var store = new SqliteAccountStore(db);
        store.TryCreate(Record("alice"));
        var fresh = PasswordCredentials.Create("another one", 10);
        Assert.True(store.UpdateCredentials("Alice", fresh));
        Assert.True(store.Find("alice")!.Credentials.Matches("another one"));
        Assert.False(store.UpdateCredentials("nobody", fresh));

        var fingerprint = new string('a', 64);
        Assert.True(store.AddFingerprint("alice", fingerprint));
        Assert.True(store.Delete("alice"));
        Assert.False(store.Delete("alice"));
        Assert.Null(store.FindByFingerprint(fingerprint));
        Assert.Equal(0, store.Count());
    }

    [Theory]
    [MemberData(nameof(Backings))]
    public void A_fingerprint_belongs_to_one_account(bool onDisk)
    {
        using var db = Open(onDisk);
        var store = new SqliteAccountStore(db);
        store.TryCreate(Record("alice"));
        store.TryCreate(Record("bob"));
        var first = new string('1', 64);
        var second = new string('2', 64);
        Assert.True(store.AddFingerprint("alice", first));
        Assert.True(store.AddFingerprint("alice", second));
        Assert.False(store.AddFingerprint("bob", first));
        Assert.False(store.AddFingerprint("nobody", new string('3', 64)));
        Assert.Equal("alice", store.FindByFingerprint(first));
        Assert.Equal([first, second], store.Fingerprints("ALICE").Order());
        Assert.False(store.RemoveFingerprint("bob", first));
        Assert.True(store.RemoveFingerprint("alice", first));
        Assert.Equal([second], store.Fingerprints("alice"));
    }

    [Fact]
    public void Accounts_outlive_a_restart()
    {
        using (var db = Open(onDisk: true))
        {
            new SqliteAccountStore(db).TryCreate(Record("alice"));
        }
        using var again = Open(onDisk: true, create: false);
        Assert.Equal(Migrations.Latest, again.SchemaVersion);
        Assert.True(new SqliteAccountStore(again).Find("alice")!.Credentials.Matches("password"));
    }

    [Fact]
    public void Server_storage_has_an_account_store() =>
        Assert.Equal(0, ServerStorage.InMemory().Accounts.Count());
}
