namespace Parley.Tests.Soak;

/// <summary>One way a misbehaving client uses (or abuses) a connection, from start to end.</summary>
public enum ChaosBehaviour
{
    /// <summary>Registers and does random things for a while: joins, parts, nick changes, messages, queries; then quits,
    /// closes, resets or half-closes.</summary>
    Chatter,

    /// <summary>Connects, says a little (sometimes half a line), and resets the connection at once.</summary>
    AbruptClose,

    /// <summary>Registers, joins busy rooms with a small receive window, and never reads.</summary>
    StalledReader,

    /// <summary>Registers, joins busy rooms, and reads a few bytes now and then.</summary>
    SlowReader,

    /// <summary>Leaves the connection half done: silent, half registered, half a line, or half closed, and then vanishes.</summary>
    HalfOpen,

    /// <summary>A plain-text user: lines and slash commands as a person at nc types them.</summary>
    PlainText,

    /// <summary>Sends mutations of the IRC fuzz corpus, registered or not, in pieces.</summary>
    IrcFuzzer,

    /// <summary>Starts as a plain-text user and then sends mutations of the fuzz corpus.</summary>
    PlainFuzzer,

    /// <summary>Opens a session at the UDP door, registers, and sends mutations of the UDP fuzz corpus into it.</summary>
    UdpFuzzer,
}

/// <summary>Mixes of behaviours: how often each is picked, relative to the others.</summary>
public static class ChaosBehaviours
{
    /// <summary>The chaos soak: everything, mostly clients that chat and leave badly.</summary>
    public static IReadOnlyDictionary<ChaosBehaviour, int> SoakMix { get; } = new Dictionary<ChaosBehaviour, int>
    {
        [ChaosBehaviour.Chatter] = 35,
        [ChaosBehaviour.AbruptClose] = 10,
        [ChaosBehaviour.StalledReader] = 8,
        [ChaosBehaviour.SlowReader] = 5,
        [ChaosBehaviour.HalfOpen] = 12,
        [ChaosBehaviour.PlainText] = 10,
        [ChaosBehaviour.IrcFuzzer] = 12,
        [ChaosBehaviour.PlainFuzzer] = 4,
        [ChaosBehaviour.UdpFuzzer] = 4,
    };

    /// <summary>The live fuzzer: mutated traffic, with a few ordinary clients so the rooms stay busy.</summary>
    public static IReadOnlyDictionary<ChaosBehaviour, int> FuzzMix { get; } = new Dictionary<ChaosBehaviour, int>
    {
        [ChaosBehaviour.IrcFuzzer] = 60,
        [ChaosBehaviour.PlainFuzzer] = 15,
        [ChaosBehaviour.UdpFuzzer] = 15,
        [ChaosBehaviour.Chatter] = 10,
    };

    /// <summary>A behaviour drawn from <paramref name="mix"/>.</summary>
    public static ChaosBehaviour Pick(IReadOnlyDictionary<ChaosBehaviour, int> mix, Random random)
    {
        var roll = random.Next(mix.Values.Sum());
        foreach (var (behaviour, weight) in mix)
        {
            if (roll < weight)
            {
                return behaviour;
            }
            roll -= weight;
        }
        throw new InvalidOperationException("empty mix");
    }
}
