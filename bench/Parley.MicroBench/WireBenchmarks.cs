using System.Text;
using BenchmarkDotNet.Attributes;
using Parley.Protocol.Irc;

namespace Parley.MicroBench;

/// <summary>The wire pieces of the hot path on their own: parsing a client's line and writing a relayed one.</summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("PRIVMSG #bench :hello everyone, this is a message of ordinary length");
    private static readonly byte[] Tagged = Encoding.UTF8.GetBytes("@+draft/reply=abc123;+typing=active PRIVMSG #bench :hello everyone, this is a message of ordinary length");
    private static readonly IrcMessage Relayed = new(
        [new("time", "2026-01-01T12:00:00.000Z"), new("msgid", "1a2b3c4d5e")],
        "member0!member0@127.0.0.1", "PRIVMSG", ["#bench", "hello everyone, this is a message of ordinary length"]);

    [Benchmark]
    public IrcMessage? ParsePlain()
    {
        IrcParser.TryParse(Plain, out var message, IrcLimits.MaxClientTagBytes);
        return message;
    }

    [Benchmark]
    public IrcMessage? ParseTagged()
    {
        IrcParser.TryParse(Tagged, out var message, IrcLimits.MaxClientTagBytes);
        return message;
    }

    [Benchmark]
    public byte[] WriteWithTags() => IrcWriter.ToBytes(Relayed);

    [Benchmark]
    public byte[] WriteWithoutTags() => IrcWriter.ToBytes(Relayed, static _ => false);
}
