using System.Text;

namespace Parley.Fuzz.Targets;

/// <summary>Makes new inputs from a corpus with the kinds of change a coverage-guided fuzzer makes (bit flips, interesting
/// bytes and tokens, deleted, repeated and spliced ranges), driven by a seeded <see cref="Random"/> so that every input
/// can be made again.</summary>
public sealed class CorpusMutator(IReadOnlyList<byte[]> corpus, Random random)
{
    /// <summary>Bytes and tokens that mean something to an IRC reader: line ends, separators, escapes, broken UTF-8.</summary>
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "\r", "\n", "\r\n", "\0", " ", "  ", ":", "@", ";", "=", "\\", "\\s", "\\:", "\\r\\n", "!", "#", ",", "+", "*", "\u0001",
            "PRIVMSG ", "NOTICE ", "JOIN ", "PART ", "NICK ", "USER ", "CAP ", "QUIT ", "PING ", "MODE ", "TAGMSG ", "BATCH ",
            "@a=b;c ", "@+draft/reply=x ", "@label=l1 ", ":nick!user@host ", "#room ", " :", "\u0001ACTION ", "é", "☃", "🎉",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0x80], [0xC0, 0x80],
    ];

    /// <summary>A new input: a corpus entry with one to four changes stacked.</summary>
    public byte[] Next()
    {
        var data = new List<byte>(corpus.Count == 0 ? [] : corpus[random.Next(corpus.Count)]);
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            Mutate(data);
        }
        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        var at = random.Next(data.Count + 1);
        switch (random.Next(9))
        {
            case 0 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] = (byte)random.Next(256);
                break;
            case 2 when data.Count > 0:
                data.RemoveRange(Math.Min(at, data.Count - 1), Math.Min(data.Count - Math.Min(at, data.Count - 1), random.Next(1, 16)));
                break;
            case 3 when data.Count > 0:
                {
                    // A range repeated many times: long lines, long tag sections, many parameters.
                    var start = random.Next(data.Count);
                    var length = Math.Min(data.Count - start, random.Next(1, 32));
                    var range = data.GetRange(start, length);
                    for (var times = random.Next(2, random.Next(2) == 0 ? 8 : 600); times > 0; times--)
                    {
                        data.InsertRange(start, range);
                    }
                    break;
                }
            case 4 when corpus.Count > 0:
                {
                    // Spliced with another entry: the head of this one, the tail of that one.
                    var other = corpus[random.Next(corpus.Count)];
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(random.Next(other.Length + 1)).ToArray());
                    break;
                }
            case 5:
                data.RemoveRange(at, data.Count - at);
                break;
            default:
                data.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                break;
        }
    }
}
