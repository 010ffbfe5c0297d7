using Parley.Fuzz.Targets;
using SharpFuzz;

// parley-fuzz TARGET                 run under afl-fuzz (fuzz/run.sh starts it so), input on standard input
// parley-fuzz TARGET FILE|DIR...     replay inputs (a corpus, or crashes afl-fuzz found) and report which break what
// parley-fuzz TARGET --mutate N DIR  try N seeded mutations of a corpus (no afl-fuzz, no coverage guidance)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: parley-fuzz {string.Join('|', FuzzTargets.All.Keys)} [FILE|DIR...]");
    return 2;
}

if (args.Length == 1)
{
    // Persistent mode: the target runs in this process again and again; an exception is reported to afl-fuzz as a crash.
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

if (args.Length >= 3 && args[1] == "--mutate" && int.TryParse(args[2], out var mutations))
{
    // Without afl-fuzz: seeded mutations of the corpus given after the count, like the smoke test but as many as asked.
    var corpus = args.Skip(3).SelectMany(Files).Select(File.ReadAllBytes).ToList();
    var mutator = new CorpusMutator(corpus, new Random(mutations));
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (var i = 0; i < mutations; i++)
    {
        var input = mutator.Next();
        try
        {
            target(input);
        }
        catch (Exception ex)
        {
            Console.WriteLine($"mutation {i}: {ex.GetType().Name}: {ex.Message}\n{Convert.ToBase64String(input)}");
            return 1;
        }
    }
    Console.WriteLine($"{mutations} mutations of {corpus.Count} inputs kept every invariant ({clock.Elapsed.TotalSeconds:0.0} s)");
    return 0;
}

var failed = 0;
var files = args.Skip(1).SelectMany(Files).Order(StringComparer.Ordinal);
var count = 0;
foreach (var file in files)
{
    count++;
    try
    {
        target(File.ReadAllBytes(file));
    }
    catch (Exception ex)
    {
        failed++;
        Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
    }
}
Console.WriteLine($"{count} inputs replayed, {failed} failed");
return failed == 0 ? 0 : 1;

static IEnumerable<string> Files(string path) =>
    Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : [path];
