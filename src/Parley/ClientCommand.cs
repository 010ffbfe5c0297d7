using System.CommandLine;
using Parley.Client;
using Parley.Client.Connection;
using Parley.Client.Terminal;
using Parley.Protocol.Irc;

namespace Parley;

/// <summary>`parley client [host[:port]] [--nick NAME] [--account NAME] [--udp | --tls [--insecure] [--cert FILE]]`: chat from the terminal, or from a script through pipes.</summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var server = new Argument<string?>("server")
        {
            Description = "The server as HOST[:PORT]; IPv6 as [::1]:6667. Default 127.0.0.1:12345 (port 6697 with --tls).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var nick = new Option<string?>("--nick", "-n")
        {
            Description = "The nick to use. Default: the --account name, else your login name (or a guest name); NAME_, NAME1... when it is taken.",
        };

        var udp = new Option<bool>("--udp", "-u")
        {
            Description = "Connect over UDP (Parley's datagram protocol) instead of TCP; the chat is the same.",
        };

        var tls = new Option<bool>("--tls")
        {
            Description = "Connect over TLS (a server's tls:// endpoint; default port 6697), checking the server's certificate.",
        };
        var insecure = new Option<bool>("--insecure")
        {
            Description = "With --tls: accept any server certificate (a self-signed one) and print its fingerprint to compare with the server's.",
        };
        var cert = new Option<string?>("--cert")
        {
            Description = "With --tls: present this client certificate (PEM, with its key unless --key is given), e.g. for SASL EXTERNAL.",
        };
        var key = new Option<string?>("--key") { Description = "With --cert: the certificate's private key (PEM), when it is in a file of its own." };
        var account = new Option<string?>("--account", "-a")
        {
            Description = $"Log in to this account while connecting (SASL PLAIN; use --tls beyond this machine). The password comes from {PasswordVariable}, or is asked for on the terminal.",
        };

        var command = new Command("client", "Chat on a Parley server (or any IRC server) from the terminal. Reads lines from stdin when it is not a terminal.")
        {
            server,
            nick,
            udp,
            tls,
            insecure,
            cert,
            key,
            account,
        };
        command.SetAction(async (result, cancel) =>
        {
            if (TlsChoice(result.GetValue(tls), result.GetValue(udp), result.GetValue(insecure), result.GetValue(cert), result.GetValue(key),
                out var secure) is { } misuse)
            {
                await Console.Error.WriteLineAsync($"parley: {misuse}");
                return 1;
            }
            if (!ServerAddress.TryParse(result.GetValue(server), out var address, out var error,
                secure is null ? ServerAddress.DefaultPort : ClientTls.DefaultPort))
            {
                await Console.Error.WriteLineAsync($"parley: {error}");
                return 1;
            }
            var name = result.GetValue(nick) ?? result.GetValue(account)
                ?? NickChoice.Default(Environment.GetEnvironmentVariable("USER") ?? Environment.UserName, Random.Shared);
            if (!IrcNames.IsValidNick(name))
            {
                await Console.Error.WriteLineAsync(
                    $"parley: '{name}' is not a valid nick (letters, digits and -_[]{{}}\\`^|, not starting with a digit or -, at most {IrcNames.MaxNickLength} characters)");
                return 1;
            }
            var login = result.GetValue(account);
            string? password = null;
            if (login is not null && (password = ReadPassword(login)) is null)
            {
                await Console.Error.WriteLineAsync($"parley: --account needs a password: set {PasswordVariable}, or run in a terminal to be asked for it");
                return 1;
            }
            var options = new ClientOptions
            {
                Server = address, Nick = name, Udp = result.GetValue(udp), Tls = secure, Account = login, Password = password,
            };
            // The line editor needs a terminal on both sides; anything else (a pipe, a file) gets plain lines.
            IChatScreen screen = Console.IsInputRedirected || Console.IsOutputRedirected
                ? new PipedScreen(Console.In, Console.Out)
                : new ConsoleScreen(Console.Out);
            return await ChatLoop.RunAsync(options, screen, Console.Error, cancel);
        });
        return command;
    }

    /// <summary>The environment variable --account takes its password from (a prompt would stop a script).</summary>
    private const string PasswordVariable = "PARLEY_PASSWORD";

    /// <summary>The password for <paramref name="account"/>: from <see cref="PasswordVariable"/>, else typed on the
    /// terminal without echo; null when neither is possible.</summary>
    private static string? ReadPassword(string account)
    {
        if (Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } given)
        {
            return given;
        }
        if (Console.IsInputRedirected)
        {
            return null;
        }
        Console.Error.Write($"Password for {account}: ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (key.KeyChar != '\0')
            {
                typed.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return typed.Length > 0 ? typed.ToString() : null;
    }

    /// <summary>The TLS settings the options ask for (null for none), or what is wrong with them.</summary>
    private static string? TlsChoice(bool tls, bool udp, bool insecure, string? cert, string? key, out ClientTls? secure)
    {
        secure = null;
        if (!tls)
        {
            return insecure || cert is not null || key is not null ? "--insecure, --cert and --key go with --tls" : null;
        }
        if (udp)
        {
            return "--tls and --udp cannot be combined: TLS runs over TCP";
        }
        if (key is not null && cert is null)
        {
            return "--key goes with --cert";
        }
        secure = new ClientTls { Insecure = insecure, CertificateFile = cert, KeyFile = key };
        return null;
    }
}
