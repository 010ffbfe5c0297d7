namespace Parley.Server.Storage;

/// <summary>A place in a target's history that a query starts or ends at (always excluded from the result): just after
/// the messages of one moment (a <c>timestamp=</c> reference), or at one message (a <c>msgid=</c> reference).</summary>
/// <remarks>History's order is (time, then the order the store received them): two messages of the same millisecond
/// still have a fixed order, so paging by msgid never skips or repeats one.</remarks>
/// <param name="Time">The moment (millisecond precision).</param>
/// <param name="Order">The message's place among those of the same moment (the store's row id), or null for a moment
/// itself.</param>
public readonly record struct HistoryPosition(DateTimeOffset Time, long? Order = null)
{
    /// <summary>A moment: as a lower bound it excludes that moment's messages, as an upper bound too.</summary>
    public static HistoryPosition At(DateTimeOffset time) => new(Truncate(time));

    /// <summary>Whether this position comes before <paramref name="other"/> in history's order (a moment counts as
    /// before the messages of the same moment).</summary>
    public bool IsBefore(HistoryPosition other)
    {
        var a = Time.ToUnixTimeMilliseconds();
        var b = other.Time.ToUnixTimeMilliseconds();
        return a != b ? a < b : (Order ?? long.MinValue) < (other.Order ?? long.MinValue);
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
