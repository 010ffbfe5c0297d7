using Parley.Fuzz.Targets;

namespace Parley.Protocol.Tests.Fuzz;

/// <summary>A short, deterministic fuzz run of every fuzz target (fuzz/Parley.Fuzz.Targets): the whole corpus in
/// tests/fuzz-corpus/TARGET, then seeded mutations of it. The long, coverage-guided run is fuzz/run.sh.</summary>
public sealed class FuzzSmokeTests
{
    /// <summary>How many mutated inputs each target tries: a few seconds' worth.</summary>
    private const int Mutations = 10_000;

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_is_there_to_replay(string target)
    {
        var corpus = FuzzCorpus.Load(target);
        Assert.True(corpus.Count >= 5, $"expected the seed corpus in {FuzzCorpus.Folder(target)}, found {corpus.Count} files");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_input_keeps_every_invariant(string target)
    {
        var failures = new List<string>();
        foreach (var (name, bytes) in FuzzCorpus.Load(target))
        {
            if (FuzzCorpus.Failure(FuzzTargets.All[target], bytes) is { } failure)
            {
                failures.Add($"{name}: {failure}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seeded_mutations_of_the_corpus_keep_every_invariant(string target)
    {
        var mutator = new CorpusMutator([.. FuzzCorpus.Load(target).Select(c => c.Bytes)], new Random(20260501));
        for (var i = 0; i < Mutations; i++)
        {
            var input = mutator.Next();
            if (FuzzCorpus.Failure(FuzzTargets.All[target], input) is { } failure)
            {
                Assert.Fail($"mutation {i}: {failure}\ninput (base64; save it in tests/fuzz-corpus/{target} to keep it): {Convert.ToBase64String(input)}");
            }
        }
    }
}
