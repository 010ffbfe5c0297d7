using System.CommandLine;
using Parley;
using Parley.Admin;

var root = new RootCommand("Parley: a chat server and terminal chat client (IRC, plain text).");
root.Subcommands.Add(ServerCommand.Create());
root.Subcommands.Add(ClientCommand.Create());
root.Subcommands.Add(AdminCommand.Create());
return await root.Parse(args).InvokeAsync();
