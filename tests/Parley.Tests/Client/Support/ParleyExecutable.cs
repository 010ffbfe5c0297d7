using System.Runtime.InteropServices;

namespace Parley.Tests.Client.Support;

/// <summary>Where the built `parley` executable and the `dotnet` host that runs it are.</summary>
internal static class ParleyExecutable
{
    /// <summary>The program and leading arguments that run `parley`: the native executable named by PARLEY_EXECUTABLE
    /// (a Native AOT publish, see scripts/test-aot.sh), else the dotnet host with parley.dll.</summary>
    public static IReadOnlyList<string> Command =>
        Environment.GetEnvironmentVariable(Parley.Tests.Support.ParleyProcess.ExecutableVariable) is { Length: > 0 } native
            ? [Path.GetFullPath(native)]
            : [DotnetHost, Dll];

    /// <summary>parley.dll, copied beside the test assembly because this project references src/Parley.</summary>
    public static string Dll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "parley.dll");
            Assert.True(File.Exists(path), $"parley.dll not found beside the tests at {path}; build tests/Parley.Tests first");
            return path;
        }
    }

    /// <summary>The dotnet host: the one running these tests, so the same runtime runs the client.</summary>
    public static string DotnetHost
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            {
                return host;
            }
            // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet/dotnet
            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(candidate) ? candidate : "dotnet";
        }
    }
}
