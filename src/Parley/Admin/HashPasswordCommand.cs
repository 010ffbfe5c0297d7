using System.CommandLine;
using System.Text;
using Parley.Server.Commands.Operator;

namespace Parley.Admin;

/// <summary>`parley admin hash-password`: reads a password (without echo from a terminal, or the first line of a pipe)
/// and prints the hash line to put in an operator's PasswordHash in parley.json.</summary>
internal static class HashPasswordCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2 iterations (at least {OperatorPasswordHash.DefaultIterations:N0}, the default).",
            DefaultValueFactory = _ => OperatorPasswordHash.DefaultIterations,
        };
        var command = new Command("hash-password",
            "Hash an operator password for parley.json (Operators: [{ \"Name\": ..., \"PasswordHash\": ... }]). Reads the password from the terminal without echo, or the first line of standard input.")
        {
            iterations,
        };
        command.SetAction(result =>
        {
            var rounds = result.GetValue(iterations);
            if (rounds < OperatorPasswordHash.DefaultIterations || rounds > OperatorPasswordHash.MaxIterations)
            {
                Console.Error.WriteLine($"parley: --iterations must be from {OperatorPasswordHash.DefaultIterations} to {OperatorPasswordHash.MaxIterations}");
                return 1;
            }
            var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadTwiceFromTerminal();
            if (string.IsNullOrEmpty(password))
            {
                Console.Error.WriteLine("parley: no password given");
                return 1;
            }
            Console.Out.WriteLine(OperatorPasswordHash.Create(password, rounds));
            return 0;
        });
        return command;
    }

    /// <summary>Asks for the password twice on the terminal, echoing nothing; null when the two differ.</summary>
    private static string? ReadTwiceFromTerminal()
    {
        var first = ReadHidden("Password: ");
        var second = ReadHidden("Again: ");
        if (first != second)
        {
            Console.Error.WriteLine("parley: the two passwords differ");
            return null;
        }
        return first;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
