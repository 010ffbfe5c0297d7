using Parley.Server.Hub;
using Parley.Server.Storage;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Tests.Storage;

public sealed class SqliteBanStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("parley-bans-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string DatabasePath => Path.Combine(_root, "bans.db");

    [Fact]
    public void Saved_bans_are_in_the_file_after_it_is_reopened()
    {
        var kline = new ServerBan(BanKind.User, "*!*@bad.example", "spam", "alice", Now, null);
        var dline = new ServerBan(BanKind.Address, "192.0.2.0/24", "abuse", "bob", Now.AddMinutes(1), Now.AddDays(1));
        using (var db = SqliteDatabase.Open(DatabasePath, create: true))
        {
            var store = new SqliteBanStore(db);
            store.Save(kline);
            store.Save(dline);
        }
        using var again = SqliteDatabase.Open(DatabasePath, create: false);
        Assert.Equal([kline, dline], new SqliteBanStore(again).LoadAll());
    }

    [Fact]
    public void Saving_the_same_kind_and_mask_replaces_and_the_kinds_are_kept_apart()
    {
        using var db = SqliteDatabase.Open(DatabasePath, create: true);
        var store = new SqliteBanStore(db);
        store.Save(new ServerBan(BanKind.User, "x", "first", "a", Now, null));
        var second = new ServerBan(BanKind.User, "x", "second", "b", Now.AddSeconds(1), Now.AddHours(1));
        var address = new ServerBan(BanKind.Address, "x", "other kind", "c", Now.AddSeconds(2), null);
        store.Save(second);
        store.Save(address);
        Assert.Equal([second, address], store.LoadAll());

        Assert.True(store.Remove(BanKind.User, "x"));
        Assert.False(store.Remove(BanKind.User, "x"));
        Assert.Equal([address], store.LoadAll());
    }

    [Fact]
    public void The_hub_list_loads_what_is_kept_and_forgets_expired_bans_in_the_store_too()
    {
        using var db = SqliteDatabase.Open(DatabasePath, create: true);
        var store = new SqliteBanStore(db);
        var live = new ServerBan(BanKind.Address, "198.51.100.7", "live", "a", Now.AddHours(-2), Now.AddHours(1));
        store.Save(live);
        store.Save(new ServerBan(BanKind.Address, "198.51.100.8", "over", "a", Now.AddHours(-2), Now.AddHours(-1)));

        var bans = new ServerBans(store, Now);
        Assert.Equal([live], bans.List(BanKind.Address, Now));
        Assert.Equal(live, bans.FindAddressBan(System.Net.IPAddress.Parse("198.51.100.7"), Now));
        Assert.Null(bans.FindAddressBan(System.Net.IPAddress.Parse("198.51.100.8"), Now));
        Assert.Equal([live], store.LoadAll());
    }

    [Fact]
    public void A_row_that_is_not_an_address_bans_nobody_and_does_not_stop_the_server()
    {
        using var db = SqliteDatabase.Open(DatabasePath, create: true);
        var store = new SqliteBanStore(db);
        store.Save(new ServerBan(BanKind.Address, "not-an-address", "hand-edited", "a", Now, null));
        var bans = new ServerBans(store, Now);
        Assert.Null(bans.FindAddressBan(System.Net.IPAddress.Parse("127.0.0.1"), Now));
    }
}
