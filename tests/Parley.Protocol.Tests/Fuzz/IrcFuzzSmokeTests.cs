using Parley.Fuzz.Targets;

namespace Parley.Protocol.Tests.Fuzz;

/// <summary>A short, deterministic fuzz run: the IRC fuzz target (fuzz/Parley.Fuzz.Targets) over the whole corpus in
/// tests/fuzz-corpus/irc and over seeded mutations of it. The long, coverage-guided run is fuzz/run.sh.</summary>
public sealed class IrcFuzzSmokeTests
{
    /// <summary>How many mutated inputs the smoke run tries: a few seconds' worth.</summary>
    private const int Mutations = 10_000;

    private static readonly IReadOnlyList<(string Name, byte[] Bytes)> Corpus = FuzzCorpus.Load("irc");

    [Fact]
    public void Corpus_is_there_to_replay()
    {
        Assert.True(Corpus.Count >= 20, $"expected the seed corpus in {FuzzCorpus.Folder("irc")}, found {Corpus.Count} files");
    }

    [Fact]
    public void Every_corpus_input_keeps_every_invariant()
    {
        var failures = new List<string>();
        foreach (var (name, bytes) in Corpus)
        {
            if (FuzzCorpus.Failure(FuzzTargets.All["irc"], bytes) is { } failure)
            {
                failures.Add($"{name}: {failure}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Seeded_mutations_of_the_corpus_keep_every_invariant()
    {
        var mutator = new CorpusMutator([.. Corpus.Select(c => c.Bytes)], new Random(20260501));
        for (var i = 0; i < Mutations; i++)
        {
            var input = mutator.Next();
            if (FuzzCorpus.Failure(FuzzTargets.All["irc"], input) is { } failure)
            {
                Assert.Fail($"mutation {i}: {failure}\ninput (base64, save it to tests/fuzz-corpus/irc to keep it): {Convert.ToBase64String(input)}");
            }
        }
    }
}
