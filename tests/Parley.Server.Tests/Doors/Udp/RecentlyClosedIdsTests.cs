using Parley.Server.Doors.Udp;

namespace Parley.Server.Tests.Doors.Udp;

public sealed class RecentlyClosedIdsTests
{
    [Fact]
    public void An_id_is_remembered_for_its_lifetime_only()
    {
        var ids = new RecentlyClosedIds(capacity: 10, lifetimeMicros: 1000);
        ids.Add(42, 100);

        Assert.True(ids.Contains(42, 1099));
        Assert.False(ids.Contains(42, 1100));
        Assert.False(ids.Contains(43, 200));
        ids.Sweep(1100);
        Assert.Equal(0, ids.Count);
    }

    [Fact]
    public void Past_its_capacity_the_oldest_ids_are_forgotten()
    {
        var ids = new RecentlyClosedIds(capacity: 2, lifetimeMicros: 1000);
        ids.Add(1, 0);
        ids.Add(2, 1);
        ids.Add(3, 2);

        Assert.False(ids.Contains(1, 3));
        Assert.True(ids.Contains(2, 3));
        Assert.True(ids.Contains(3, 3));
    }

    [Fact]
    public void An_id_closed_again_is_remembered_from_the_later_time()
    {
        var ids = new RecentlyClosedIds(capacity: 10, lifetimeMicros: 1000);
        ids.Add(7, 0);
        ids.Add(7, 800);
        ids.Sweep(1000); // the first entry's time has passed, the second's has not

        Assert.True(ids.Contains(7, 1500));
    }
}
