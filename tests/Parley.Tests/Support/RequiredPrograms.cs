namespace Parley.Tests.Support;

/// <summary>The Debian programs some end-to-end tests drive. A missing one fails the test (never skips it), saying how to
/// install it.</summary>
public static class RequiredPrograms
{
    /// <summary>Fails the test when any of <paramref name="programs"/> is not on the PATH.</summary>
    public static void Check(params string[] programs)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        var missing = programs.Where(p => !path.Any(dir => File.Exists(Path.Combine(dir, p)))).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"{string.Join(" and ", missing)} not installed: this test drives the real program " +
                $"(scripts/test.sh installs it; by hand: sudo apt-get install {string.Join(' ', missing)})");
        }
    }
}
