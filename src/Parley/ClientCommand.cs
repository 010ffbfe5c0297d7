using System.CommandLine;
using Parley.Client;
using Parley.Client.Terminal;
using Parley.Protocol.Irc;

namespace Parley;

/// <summary>`parley client [host[:port]] [--nick NAME] [--udp]`: chat from the terminal, or from a script through pipes.</summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var server = new Argument<string?>("server")
        {
            Description = "The server as HOST[:PORT]; IPv6 as [::1]:6667. Default 127.0.0.1:12345.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var nick = new Option<string?>("--nick", "-n")
        {
            Description = "The nick to use. Default: your login name (or a guest name); NAME_, NAME1... when it is taken.",
        };

        var udp = new Option<bool>("--udp", "-u")
        {
            Description = "Connect over UDP (Parley's datagram protocol) instead of TCP; the chat is the same.",
        };

        var command = new Command("client", "Chat on a Parley server (or any IRC server) from the terminal. Reads lines from stdin when it is not a terminal.")
        {
            server,
            nick,
            udp,
        };
        command.SetAction(async (result, cancel) =>
        {
            if (!ServerAddress.TryParse(result.GetValue(server), out var address, out var error))
            {
                await Console.Error.WriteLineAsync($"parley: {error}");
                return 1;
            }
            var name = result.GetValue(nick)
                ?? NickChoice.Default(Environment.GetEnvironmentVariable("USER") ?? Environment.UserName, Random.Shared);
            if (!IrcNames.IsValidNick(name))
            {
                await Console.Error.WriteLineAsync(
                    $"parley: '{name}' is not a valid nick (letters, digits and -_[]{{}}\\`^|, not starting with a digit or -, at most {IrcNames.MaxNickLength} characters)");
                return 1;
            }
            var options = new ClientOptions { Server = address, Nick = name, Udp = result.GetValue(udp) };
            // The line editor needs a terminal on both sides; anything else (a pipe, a file) gets plain lines.
            IChatScreen screen = Console.IsInputRedirected || Console.IsOutputRedirected
                ? new PipedScreen(Console.In, Console.Out)
                : new ConsoleScreen(Console.Out);
            return await ChatLoop.RunAsync(options, screen, Console.Error, cancel);
        });
        return command;
    }
}
