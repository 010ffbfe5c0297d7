using System.Text;
using Parley.Protocol.Irc;

namespace Parley.Protocol.Tests.Irc;

/// <summary>parse(write(m)) == m for every message the writer can represent exactly.</summary>
public sealed class IrcRoundTripTests
{
    private static void AssertSameMessage(IrcMessage expected, IrcMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.Parameters, actual.Parameters);
    }

    private static IrcMessage RoundTrip(IrcMessage message)
    {
        var bytes = IrcWriter.ToBytes(message);
        Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
        var error = IrcParser.TryParse(bytes.AsSpan(0, bytes.Length - 2), out var parsed);
        Assert.Equal(IrcParseError.None, error);
        return parsed!;
    }

    public static TheoryData<IrcMessage> Examples => new()
    {
        new IrcMessage("PING", "token"),
        new IrcMessage("QUIT"),
        new IrcMessage("QUIT", ""),
        new IrcMessage("PRIVMSG", "#room", "hello world"),
        new IrcMessage("PRIVMSG", "#room", ":starts with a colon"),
        new IrcMessage("PRIVMSG", "#room", "ends with a space "),
        new IrcMessage("PRIVMSG", "#room", "  leading spaces"),
        new IrcMessage("PRIVMSG", "#room", "a:b"),
        new IrcMessage("MODE", "#room", "+ov", "alice", "bob"),
        new IrcMessage(null, "irc.example", "005", ["alice", "CHANTYPES=#", "NICKLEN=30", "are supported by this server"]),
        new IrcMessage(null, "alice!~a@127.0.0.1", "JOIN", ["#room", "*", "Alice Liddell"]),
        new IrcMessage([new("time", "2026-01-01T12:00:00.000Z"), new("msgid", "ab12")], "n!u@h", "PRIVMSG", ["#a", "x"]),
        new IrcMessage([new("+draft/reply", "id;with spaces\\and\r\nbreaks")], "n!u@h", "TAGMSG", ["#a"]),
        new IrcMessage([new("flag", "")], null, "CAP", ["*", "LS", "multi-prefix sasl"]),
        new IrcMessage([new("k", "trailing\\")], null, "CMD", []),
        new IrcMessage(null, null, "CMD", [.. Enumerable.Range(1, 14).Select(i => i.ToString()), "the fifteenth"]),
        new IrcMessage("PRIVMSG", "#café", "naïve ☃ 🎉"),
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Examples_round_trip(IrcMessage message)
    {
        AssertSameMessage(message, RoundTrip(message));
    }

    [Fact]
    public void Random_messages_round_trip()
    {
        var random = new Random(20260101); // seeded: a failure is reproducible
        for (var i = 0; i < 5000; i++)
        {
            var message = RandomMessage(random);
            AssertSameMessage(message, RoundTrip(message));
        }
    }

    [Fact]
    public void Random_lines_never_make_more_than_one_line_and_never_exceed_the_limit()
    {
        var random = new Random(512);
        for (var i = 0; i < 2000; i++)
        {
            // Any characters at all, in any field, and bodies longer than the limit.
            var message = new IrcMessage(
                random.Next(3) == 0 ? [new MessageTag(AnyText(random, 6), AnyText(random, 20))] : null,
                random.Next(2) == 0 ? null : AnyText(random, 20),
                AnyText(random, 8) + "X",
                [.. Enumerable.Range(0, random.Next(0, 16)).Select(_ => AnyText(random, random.Next(2) == 0 ? 10 : 300))]);
            var bytes = IrcWriter.ToBytes(message);
            Assert.Equal(1, bytes.Count(b => b == '\n'));
            Assert.Equal(1, bytes.Count(b => b == '\r'));
            Assert.DoesNotContain((byte)0, bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
            var bodyStart = bytes[0] == '@' ? Array.IndexOf(bytes, (byte)' ') + 1 : 0;
            Assert.True(bytes.Length - bodyStart <= IrcLimits.MaxBodyBytes);
        }
    }

    private static IrcMessage RandomMessage(Random random)
    {
        var tags = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new MessageTag((random.Next(2) == 0 ? "+" : "") + Word(random, TagKeyChars, 1, 8) + i, TagValue(random)))
            .ToList();
        var source = random.Next(3) switch
        {
            0 => null,
            1 => Word(random, NickChars, 1, 10),
            _ => $"{Word(random, NickChars, 1, 10)}!~{Word(random, NickChars, 1, 8)}@{Word(random, NickChars, 1, 12)}",
        };
        var command = random.Next(4) == 0 ? random.Next(1, 1000).ToString("000") : Word(random, Letters, 1, 10);
        var count = random.Next(0, IrcLimits.MaxParameters + 1);
        var parameters = new List<string>();
        for (var i = 0; i < count - 1; i++)
        {
            parameters.Add(Word(random, MiddleChars, 1, 12));
        }
        if (count > 0)
        {
            parameters.Add(Trailing(random));
        }
        return new IrcMessage(tags, source, command, parameters);
    }

    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string TagKeyChars = Letters + "0123456789-/.";
    private const string NickChars = Letters + "0123456789[]\\`_^{|}-.";
    private const string MiddleChars = NickChars + "#&:=@!,+*é☃"; // ':' allowed after the first character
    private const string TextChars = MiddleChars + " ;\\\t\u0001\u0002\u0003";

    private static string Word(Random random, string alphabet, int min, int max)
    {
        var word = new string(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        return word[0] == ':' ? "x" + word : word;
    }

    private static string Trailing(Random random) => random.Next(5) switch
    {
        0 => string.Empty,
        1 => ":" + Word(random, TextChars, 1, 20),
        2 => Word(random, MiddleChars, 1, 10),
        3 => "🎉 " + Word(random, TextChars, 1, 30) + " ",
        _ => Word(random, TextChars, 1, 60),
    };

    private static string TagValue(Random random) => random.Next(4) == 0
        ? string.Empty
        : new string(Enumerable.Range(0, random.Next(1, 16)).Select(_ => (TextChars + "\r\n")[random.Next(TextChars.Length + 2)]).ToArray());

    private static string AnyText(Random random, int max)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(0, max + 1); i > 0; i--)
        {
            sb.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0xD800, 0xE000), // lone surrogates included
                2 => "\r\n"[random.Next(2)],
                _ => (char)random.Next(32, 0x3000),
            });
        }
        return sb.ToString();
    }
}
