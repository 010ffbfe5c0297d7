using System.Globalization;

namespace Parley.UdpBench;

/// <summary>The bench's options.</summary>
internal sealed record Settings
{
    public const string Usage = """
        usage: parley-udpbench [--loss 0,0.05,0.2] [--messages 5000] [--window 200] [--samples 500] [--rate 50]
                               [--payload 60] [--delay-ms 1] [--jitter-ms 0] [--duplication 0] [--seed 1]
        """;

    public IReadOnlyList<double> Losses { get; init; } = [0, 0.05, 0.20];

    public int Messages { get; init; } = 5000;

    public int Window { get; init; } = 200;

    public int Samples { get; init; } = 500;

    public double Rate { get; init; } = 50;

    public int Payload { get; init; } = 60;

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(1);

    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    public double Duplication { get; init; } = 0;

    public int Seed { get; init; } = 1;

    public static Settings? Parse(string[] args)
    {
        var settings = new Settings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--loss" => settings with { Losses = [.. value.Split(',').Select(Number)] },
                "--messages" => settings with { Messages = (int)Number(value) },
                "--window" => settings with { Window = (int)Number(value) },
                "--samples" => settings with { Samples = (int)Number(value) },
                "--rate" => settings with { Rate = Number(value) },
                "--payload" => settings with { Payload = (int)Number(value) },
                "--delay-ms" => settings with { Delay = TimeSpan.FromMilliseconds(Number(value)) },
                "--jitter-ms" => settings with { Jitter = TimeSpan.FromMilliseconds(Number(value)) },
                "--duplication" => settings with { Duplication = Number(value) },
                "--seed" => settings with { Seed = (int)Number(value) },
                _ => null,
            };
            if (settings is null)
            {
                return null;
            }
        }
        return args.Length % 2 == 0 ? settings : null;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
