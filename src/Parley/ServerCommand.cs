using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Parley.Server.Hosting;
using Parley.Server.OperatorConsole;

namespace Parley;

/// <summary>`parley server`: settings from parley.json, PARLEY__ environment variables and options, in rising order.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen", "-l")
        {
            Description = "Endpoint to listen on: HOST:PORT or tcp://HOST:PORT for TCP, udp://HOST:PORT for UDP, tls://HOST:PORT for IRC over TLS; IPv6 as [::1]:6667. Repeatable. Default 127.0.0.1:12345 over TCP and UDP.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "Settings file (JSON, appsettings-style). Default: parley.json in the current directory, if present.",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Leave message lines out of the console log." };
        var name = new Option<string?>("--server-name") { Description = "The server's name in IRC replies." };
        var data = new Option<string?>("--data", "-d")
        {
            Description = "Data directory: history, accounts, bans, the self-made TLS certificate. Created on first start. Default: ./parley-data.",
        };

        var command = new Command("server", "Run the chat server.") { listen, config, quiet, name, data };
        command.SetAction(async (result, cancel) =>
        {
            ServerOptions options;
            try
            {
                options = LoadOptions(result.GetValue(config));
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException or FileNotFoundException)
            {
                // "Failed to load configuration from file" alone does not say what is wrong: the JSON reader's reason
                // (with line and position) is in the inner exception. One line, no stack trace.
                var why = ex.Message;
                for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
                {
                    why += " " + inner.Message;
                }
                await Console.Error.WriteLineAsync($"parley: bad settings: {why.ReplaceLineEndings(" ")}");
                return 1;
            }
            if (result.GetValue(listen) is { Length: > 0 } endpoints)
            {
                options.Listen = [.. endpoints];
            }
            if (result.GetValue(quiet))
            {
                options.Quiet = true;
            }
            if (result.GetValue(name) is { } serverName)
            {
                options.ServerName = serverName;
            }
            if (result.GetValue(data) is { } dataDirectory)
            {
                options.DataDirectory = dataDirectory;
            }
            // The executable is the production path: it holds passwords to the full hashing cost (tests that need fast
            // hashing build their server in-process).
            if (options.Accounts.Validate(production: true) is { } badAccounts)
            {
                await Console.Error.WriteLineAsync($"parley: bad settings: {badAccounts}");
                return 1;
            }
            return await RunAsync(options, cancel);
        });
        return command;
    }

    internal static ServerOptions LoadOptions(FileInfo? file)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"settings file {file.FullName} not found");
            }
            builder.AddJsonFile(file.FullName, optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "parley.json"), optional: true);
        }
        builder.AddEnvironmentVariables("PARLEY__");
        var configuration = builder.Build();
        var options = new ServerOptions();
        configuration.Bind(options);
        // A list given in the environment replaces the defaults rather than adding to them.
        if (configuration.GetSection("Listen").Value is { } single)
        {
            options.Listen = [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        return options;
    }

    private static async Task<int> RunAsync(ServerOptions options, CancellationToken cancel)
    {
        using var loggers = LoggerFactory.Create(logging =>
        {
            logging.AddConsole(o => o.FormatterName = ConsoleLogFormatter.Name);
            // Registered by hand: AddConsoleFormatter<TFormatter, TOptions> binds TOptions from configuration by
            // reflection, which Native AOT cannot keep, and this formatter has no options to bind.
            logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, ConsoleLogFormatter>());
            logging.SetMinimumLevel(LogLevel.Information);
            if (options.Quiet)
            {
                logging.AddFilter("Parley.Messages", LogLevel.Warning);
            }
        });

        ParleyServer server;
        try
        {
            server = await ParleyServer.StartAsync(options, loggers);
        }
        catch (ServerStartException ex)
        {
            await Console.Error.WriteLineAsync($"parley: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            foreach (var endpoint in server.Endpoints)
            {
                Console.WriteLine($"Parley listening on {endpoint}");
            }
            if (server.TlsCertificate is { } certificate)
            {
                Console.WriteLine(certificate.Describe());
            }
            Console.WriteLine("Type a line to send it to everyone; /help for console commands. Ctrl+C stops the server.");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var console = new ServerConsole(server.Loop, Console.Out, () => stop.Cancel());
            _ = Task.Run(() => console.RunAsync(Console.In, stop.Token), CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            Console.WriteLine("Parley shutting down...");
            await server.StopAsync();
        }
        Console.WriteLine("Parley stopped.");
        return 0;
    }
}
