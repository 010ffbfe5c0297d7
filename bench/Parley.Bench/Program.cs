using System.CommandLine;
using Parley.Bench;

// Socket continuations run on the socket engine's thread instead of hopping to the thread pool: the generator's line
// handling is short and never blocks, and the hop would cost more than the work. Read when the first socket is made.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var root = new RootCommand("parley-bench: a load generator for any IRC server on this machine, and the side-by-side report.");
foreach (var command in ScenarioCommands.Create())
{
    root.Subcommands.Add(command);
}
root.Subcommands.Add(Parley.Bench.Report.ReportCommand.Create());
return await root.Parse(args).InvokeAsync();
