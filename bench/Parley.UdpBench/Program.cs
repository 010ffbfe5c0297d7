using System.Globalization;
using Parley.UdpBench;

// parley-udpbench: throughput and latency of one UDP session through a lossy relay (see bench/Parley.UdpBench/README.md).
var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(Settings.Usage);
    return 2;
}
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
Console.WriteLine($"UDP sessions: {settings.Messages} messages as fast as the session carries them (at most {settings.Window} unechoed), " +
    $"then {settings.Samples} at {settings.Rate}/s; {settings.Payload}-byte padding; relay delay {settings.Delay.TotalMilliseconds} ms " +
    $"+ up to {settings.Jitter.TotalMilliseconds} ms jitter, {settings.Duplication:P0} duplicated, seed {settings.Seed}");
Console.WriteLine();
Console.WriteLine("| loss (each way) | throughput (messages/s) | p50 round trip (ms) | p99 round trip (ms) | max (ms) | datagrams lost by the relay | packets declared lost / fragments resent / timeouts (client) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
foreach (var loss in settings.Losses)
{
    var r = await Measurement.RunAsync(settings, loss, cancel.Token);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {loss:P0} | {r.MessagesPerSecond:N0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.RelayDropped:N0} of {r.RelayDropped + r.RelayForwarded:N0} | {r.PacketsLost:N0} / {r.FragmentsRetransmitted:N0} / {r.Timeouts:N0} |"));
}
return 0;
