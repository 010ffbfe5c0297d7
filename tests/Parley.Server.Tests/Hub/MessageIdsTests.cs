using System.Globalization;
using Parley.Server.Hub;

namespace Parley.Server.Tests.Hub;

public sealed class MessageIdsTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(15L)]
    [InlineData(16L)]
    [InlineData(0xabcdefL)]
    [InlineData(long.MaxValue)]
    public void Next_is_the_prefix_followed_by_the_number_in_lower_case_hex(long number) =>
        Assert.Equal("1a2b3c4d" + number.ToString("x", CultureInfo.InvariantCulture), MessageIds.Next("1a2b3c4d", number));

    [Fact]
    public void ServerTime_writes_utc_with_milliseconds_as_the_format_string_would()
    {
        var times = new[]
        {
            new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc),
            new DateTime(1999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc),
            new DateTime(2026, 7, 4, 3, 5, 9, 7, DateTimeKind.Utc).AddTicks(9999),
        };
        foreach (var time in times)
        {
            Assert.Equal(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), MessageIds.ServerTime(time));
        }
    }
}
