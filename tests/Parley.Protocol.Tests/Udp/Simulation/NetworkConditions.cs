namespace Parley.Protocol.Tests.Udp.Simulation;

/// <summary>How the simulated path treats each datagram: dropped with probability <paramref name="Loss"/>, delivered
/// twice with probability <paramref name="Duplication"/>, and delayed by <paramref name="MinDelayMicros"/> plus a
/// uniform random extra of up to <paramref name="JitterMicros"/>, which reorders datagrams sent close together.</summary>
internal sealed record NetworkConditions(
    double Loss = 0,
    double Duplication = 0,
    long MinDelayMicros = 10_000,
    long JitterMicros = 30_000)
{
    public static NetworkConditions Lossy(double loss) => new(Loss: loss, Duplication: 0.05);

    public override string ToString() => $"loss {Loss:P0}, duplication {Duplication:P0}, delay {MinDelayMicros / 1000}+{JitterMicros / 1000} ms";
}
