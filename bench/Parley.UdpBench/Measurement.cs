using System.Diagnostics;
using System.Globalization;
using Parley.Server.Hosting;
using Parley.Tests.Support;

namespace Parley.UdpBench;

/// <summary>What one run measured.</summary>
internal sealed record Result(
    double Loss,
    int Messages,
    double MessagesPerSecond,
    int Samples,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long RelayDropped,
    long RelayForwarded,
    long PacketsLost,
    long FragmentsRetransmitted,
    long Timeouts);

/// <summary>One run: a fresh server, a relay with the given loss, one session; first as many echoed messages as it
/// carries (throughput), then messages at a steady pace (latency). Every echo is checked: each message must come back
/// exactly once and in order, or the run fails.</summary>
internal static class Measurement
{
    private const string Room = "#bench";

    public static async Task<Result> RunAsync(Settings settings, double loss, CancellationToken cancel)
    {
        var options = new ServerOptions { Listen = ["udp://127.0.0.1:0"], ServerName = "bench.server", Quiet = true,
            DataDirectory = Path.Combine(Path.GetTempPath(), "parley-udpbench-" + Guid.NewGuid().ToString("N")) };
        options.Limits.Exempt = "127.0.0.0/8,::1/128"; // flood control would measure itself, not the transport
        await using var server = await ParleyServer.StartAsync(options);
        var conditions = new RelayConditions(loss, settings.Duplication, settings.Delay, settings.Jitter);
        await using var relay = new LossyUdpRelay(server.UdpDoors[0].BoundEndpoint.EndPoint, conditions, settings.Seed);
        await using var client = await BenchSession.OpenAsync(relay.EndPoint, "bench", Room, cancel);

        string Describe()
        {
            var c = client.Session.Counters;
            var d = server.UdpDoors[0].Counters;
            return $"client {client.Session.State}: {c.DatagramsSent} datagrams sent, {c.DatagramsReceived} received, {c.DroppedDatagrams} refused, " +
                $"{c.PacketsLost} declared lost, {c.RetransmissionTimeouts} timeouts; door: {d.DatagramsReceived} received, " +
                $"{d.DatagramsSent} sent, {d.RefusedBySession} refused; relay: {relay.Forwarded} forwarded, {relay.Dropped} lost";
        }
        client.DescribeStall = Describe;
        var rate = await ThroughputAsync(client, settings, cancel);
        var latencies = await LatencyAsync(client, settings, cancel);
        latencies.Sort();
        var counters = client.Session.Counters;
        return new Result(loss, settings.Messages, rate, latencies.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            latencies[^1], relay.Dropped, relay.Forwarded, counters.PacketsLost, counters.FragmentsRetransmitted, counters.RetransmissionTimeouts);
    }

    /// <summary>Sends <see cref="Settings.Messages"/> messages keeping at most <see cref="Settings.Window"/> unechoed;
    /// messages/s from the first send to the last echo.</summary>
    private static async Task<double> ThroughputAsync(BenchSession client, Settings settings, CancellationToken cancel)
    {
        var padding = new string('x', settings.Payload);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var echoed = 0;
        while (echoed < settings.Messages)
        {
            while (sent < settings.Messages && sent - echoed < settings.Window)
            {
                if (!client.Send($"PRIVMSG {Room} :t {sent} {padding}"))
                {
                    break; // the session's buffer is full: wait for echoes
                }
                sent++;
            }
            var line = await client.NextLineAsync(cancel);
            if (Text(line) is { } text && text.StartsWith("t ", StringComparison.Ordinal))
            {
                Expect(text, echoed);
                echoed++;
            }
        }
        return settings.Messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Sends one message every 1/rate s and times each echo.</summary>
    private static async Task<List<double>> LatencyAsync(BenchSession client, Settings settings, CancellationToken cancel)
    {
        var padding = new string('x', settings.Payload);
        var sentAt = new long[settings.Samples];
        var latencies = new List<double>(settings.Samples);
        var interval = TimeSpan.FromSeconds(1.0 / settings.Rate);
        var pacing = Task.Run(async () =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < settings.Samples; i++)
            {
                var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancel);
                }
                Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
                client.Send($"PRIVMSG {Room} :l {i} {padding}");
            }
        }, cancel);
        while (latencies.Count < settings.Samples)
        {
            var line = await client.NextLineAsync(cancel);
            var now = Stopwatch.GetTimestamp();
            if (Text(line) is { } text && text.StartsWith("l ", StringComparison.Ordinal))
            {
                Expect(text, latencies.Count);
                latencies.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[latencies.Count]), now).TotalMilliseconds);
            }
        }
        await pacing;
        return latencies;
    }

    /// <summary>The text of an echoed PRIVMSG to the room, or null for anything else.</summary>
    private static string? Text(string line)
    {
        var marker = $" PRIVMSG {Room} :";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : line[(at + marker.Length)..];
    }

    private static void Expect(string text, int expected)
    {
        var number = int.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);
        if (number != expected)
        {
            throw new InvalidOperationException($"echo {number} arrived where {expected} was due: lost, repeated or out of order");
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
