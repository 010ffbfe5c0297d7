namespace Parley.Protocol.Udp.Reliability;

/// <summary>Conversions between <see cref="TimeSpan"/> and the microsecond <c>long</c>s the connection runs on.</summary>
internal static class Micros
{
    public static long From(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    public static TimeSpan ToTimeSpan(long micros) => TimeSpan.FromTicks(micros * TimeSpan.TicksPerMicrosecond);
}
