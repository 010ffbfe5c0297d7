using System.CommandLine;

namespace Parley.Admin;

/// <summary>`parley admin ...`: the operator's tools beside a server (backup, export, password hashes). Each subcommand
/// is its own file in this folder.</summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var command = new Command("admin", "Administer a Parley server's data: backups, exports, password hashes.");
        command.Subcommands.Add(BackupCommand.Create());
        command.Subcommands.Add(ExportCommand.Create());
        command.Subcommands.Add(HashPasswordCommand.Create());
        return command;
    }
}
