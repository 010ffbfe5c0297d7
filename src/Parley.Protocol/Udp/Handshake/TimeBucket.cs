namespace Parley.Protocol.Udp.Handshake;

/// <summary>Cuts time into fixed buckets, so a stateless cookie can expire without carrying a timestamp: it is
/// signed over the bucket it was made in and accepted in that bucket and the next.</summary>
internal static class TimeBucket
{
    public static long Of(long nowMicros, TimeSpan length)
    {
        var micros = length.Ticks / TimeSpan.TicksPerMicrosecond;
        if (micros <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A time bucket must be at least a microsecond.");
        }
        var (quotient, remainder) = Math.DivRem(nowMicros, micros);
        return remainder < 0 ? quotient - 1 : quotient; // floor, so times before the origin bucket correctly too
    }
}
