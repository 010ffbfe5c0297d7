using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;

namespace Parley.Tests.Support;

/// <summary>Starts a <see cref="ParleyServer"/> in the test process on an ephemeral loopback port.</summary>
public static class InProcessServer
{
    /// <summary>The Limits:Exempt the test servers start with: loopback clients are not throttled (tests and benchmarks
    /// send as fast as they can); a test of flood control or per-IP limits sets <c>o.Limits.Exempt = ""</c>.</summary>
    public const string LoopbackExempt = "127.0.0.0/8,::1/128";

    /// <summary>A server on 127.0.0.1:0 named test.server, loopback exempt from flood control and per-IP limits, with
    /// <paramref name="configure"/> applied to its options, logging to <paramref name="loggers"/> when given.</summary>
    public static Task<ParleyServer> StartAsync(Action<ServerOptions>? configure = null, ILoggerFactory? loggers = null)
    {
        var options = new ServerOptions { Listen = ["127.0.0.1:0"], ServerName = "test.server", DataDirectory = NewDataDirectory() };
        options.Limits.Exempt = LoopbackExempt;
        configure?.Invoke(options);
        return ParleyServer.StartAsync(options, loggers);
    }

    /// <summary>A fresh, not yet existing data directory under one folder per test run, removed when the run ends.</summary>
    public static string NewDataDirectory() => Path.Combine(DataRoot.Value, Guid.NewGuid().ToString("N"));

    private static readonly Lazy<string> DataRoot = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("parley-tests-data-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return root;
    });

    /// <summary>The port the server's first endpoint is bound to.</summary>
    public static int Port(this ParleyServer server) => server.Endpoints[0].EndPoint.Port;
}
