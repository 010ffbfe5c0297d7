using Parley.Server.Doors.Udp;

namespace Parley.Server.Tests.Doors.Udp;

public sealed class DeadlineQueueTests
{
    private sealed class Item(string name) : IHasDeadline
    {
        public long? ScheduledAt { get; set; }

        public override string ToString() => name;
    }

    [Fact]
    public void Items_come_out_when_due_earliest_first()
    {
        var queue = new DeadlineQueue<Item>();
        var (a, b, c) = (new Item("a"), new Item("b"), new Item("c"));
        queue.Schedule(a, 300);
        queue.Schedule(b, 100);
        queue.Schedule(c, 200);

        Assert.Equal(100, queue.Next);
        Assert.False(queue.TryTakeDue(99, out _));
        Assert.Equal([b, c], TakeDue(queue, 250));
        Assert.Equal([a], TakeDue(queue, 1000));
        Assert.Null(queue.Next);
    }

    [Fact]
    public void A_deadline_moved_earlier_wakes_at_the_new_time_once()
    {
        var queue = new DeadlineQueue<Item>();
        var a = new Item("a");
        queue.Schedule(a, 500);
        queue.Schedule(a, 100);

        Assert.Equal([a], TakeDue(queue, 100));
        Assert.Empty(TakeDue(queue, 1000)); // the 500 wake-up was superseded
    }

    [Fact]
    public void A_deadline_moved_later_keeps_the_earlier_wake_up_and_adds_nothing()
    {
        var queue = new DeadlineQueue<Item>();
        var a = new Item("a");
        queue.Schedule(a, 100);
        queue.Schedule(a, 500);
        queue.Schedule(a, 900);

        Assert.Equal(1, queue.Count);
        Assert.Equal([a], TakeDue(queue, 100)); // early: the owner looks, finds nothing due, and schedules again
    }

    [Fact]
    public void No_deadline_cancels_the_pending_wake_up()
    {
        var queue = new DeadlineQueue<Item>();
        var a = new Item("a");
        queue.Schedule(a, 100);
        queue.Schedule(a, null);

        Assert.Empty(TakeDue(queue, 1000));
        Assert.Null(a.ScheduledAt);
    }

    private static List<Item> TakeDue(DeadlineQueue<Item> queue, long now)
    {
        var due = new List<Item>();
        while (queue.TryTakeDue(now, out var item))
        {
            due.Add(item);
        }
        return due;
    }
}
