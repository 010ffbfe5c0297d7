using System.CommandLine;
using Parley;

var root = new RootCommand("Parley: a chat server and terminal chat client (IRC, plain text).");
root.Subcommands.Add(ServerCommand.Create());
root.Subcommands.Add(ClientCommand.Create());
return await root.Parse(args).InvokeAsync();
