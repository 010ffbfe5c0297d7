using System.CommandLine;
using System.Text.Json;
using Parley.Bench.Clients;
using Parley.Bench.Results;
using Parley.Bench.Scenarios;

namespace Parley.Bench;

/// <summary>One subcommand per scenario, all with the same connection, reporting and limit options.</summary>
internal static class ScenarioCommands
{
    private static readonly Option<string> Host = new("--host") { Description = "The server's address (loopback only).", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> Port = new("--port", "-p") { Description = "The server's port.", DefaultValueFactory = _ => 6667 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON on stdout (the table goes to stderr)." };
    private static readonly Option<int?> ServerPid = new("--server-pid") { Description = "The server's process id: report its CPU time and memory (from /proc)." };
    private static readonly Option<string?> Label = new("--label") { Description = "A name for this run, carried into the JSON." };
    private static readonly Option<string?> ServerName = new("--server-name") { Description = "The server's name, carried into the JSON." };
    private static readonly Option<int?> Parallel = new("--parallel") { Description = "Registrations and joins in progress at once. Default 64; 1,000 for connect." };
    private static readonly Option<int> Payload = new("--payload") { Description = "Bytes of text per message (at least its numbers).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Timeout = new("--timeout") { Description = "Seconds the registrations, and the measured phase, may each take.", DefaultValueFactory = _ => 300 };
    private static readonly Option<int> Stall = new("--stall") { Description = "Seconds without progress before giving up.", DefaultValueFactory = _ => 15 };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress line." };

    /// <summary>fanout, rooms, paced, connect, direct and joinstorm.</summary>
    public static IEnumerable<Command> Create()
    {
        yield return Fanout();
        yield return Rooms();
        yield return Paced();
        yield return Connect();
        yield return Direct();
        yield return JoinStorm();
    }

    private static Command Fanout()
    {
        var clients = Int("--clients", "Members of the room.", 100);
        var senders = Int("--senders", "Members that send.", 10);
        var messages = Int("--messages", "Messages per sender.", 2000);
        var window = Int("--window", "Messages in flight per sender (sent, not yet read by the room's first non-sender).", 256);
        var stalled = StalledOption();
        var command = Scenario("fanout", "N clients in one room, S of them send M messages each; everyone else receives.",
            clients, senders, messages, window, stalled);
        command.SetAction((result, cancel) => RunAsync(result, settings =>
            new RoomTrafficScenario("fanout", new RoomTrafficSettings(result.GetValue(clients), result.GetValue(clients),
                result.GetValue(senders), result.GetValue(messages), result.GetValue(window), 0, result.GetValue(stalled)), settings).RunAsync(cancel)));
        return command;
    }

    private static Command Rooms()
    {
        var clients = Int("--clients", "Clients in all.", 2000);
        var roomSize = Int("--room-size", "Members per room.", 20);
        var messages = Int("--messages", "Messages per client.", 50);
        var window = Int("--window", "Messages in flight per sender (sent, not yet read by the next member of its room).", 256);
        var command = Scenario("rooms", "Many rooms; every member sends M messages to its room.", clients, roomSize, messages, window);
        command.SetAction((result, cancel) => RunAsync(result, settings =>
            new RoomTrafficScenario("rooms", new RoomTrafficSettings(result.GetValue(clients), result.GetValue(roomSize),
                result.GetValue(roomSize), result.GetValue(messages), result.GetValue(window), 0), settings).RunAsync(cancel)));
        return command;
    }

    private static Command Paced()
    {
        var clients = Int("--clients", "Members of the room.", 100);
        var senders = Int("--senders", "Members that send.", 10);
        var rate = Int("--rate", "Messages per second per sender.", 50);
        var messages = Int("--messages", "Messages per sender.", 500);
        var stalled = StalledOption();
        var command = Scenario("paced", "N clients in one room, S senders at R messages/s each: latency under light load.",
            clients, senders, rate, messages, stalled);
        command.SetAction((result, cancel) => RunAsync(result, settings =>
            new RoomTrafficScenario("paced", new RoomTrafficSettings(result.GetValue(clients), result.GetValue(clients),
                result.GetValue(senders), result.GetValue(messages), 256, result.GetValue(rate), result.GetValue(stalled)), settings).RunAsync(cancel)));
        return command;
    }

    private static Command Connect()
    {
        var connections = Int("--connections", "Connections to open and register.", 10_000);
        var hold = new Option<double>("--hold") { Description = "Seconds to hold them idle before reading the server's memory.", DefaultValueFactory = _ => 2 };
        var command = Scenario("connect", "Open and register K connections; registrations/s, then server memory per idle connection (with --server-pid).",
            connections, hold);
        command.SetAction((result, cancel) => RunAsync(result, defaultParallel: 1000, settings =>
            new ConnectScenario(new ConnectSettings(result.GetValue(connections), result.GetValue(hold)), settings).RunAsync(cancel)));
        return command;
    }

    private static Command Direct()
    {
        var pairs = Int("--pairs", "Pairs of clients.", 50);
        var messages = Int("--messages", "Round trips per pair.", 2000);
        var window = Int("--window", "Unanswered messages per pair.", 1);
        var command = Scenario("direct", "P pairs exchange private messages: one sends, the other echoes; round trips/s and latency.",
            pairs, messages, window);
        command.SetAction((result, cancel) => RunAsync(result, settings =>
            new DirectScenario(new DirectSettings(result.GetValue(pairs), result.GetValue(messages), result.GetValue(window)), settings)
                .RunAsync(cancel)));
        return command;
    }

    private static Command JoinStorm()
    {
        var clients = Int("--clients", "Clients that join at once.", 1000);
        var command = Scenario("joinstorm", "J clients join one room at once: time until every member has seen every join.", clients);
        command.SetAction((result, cancel) => RunAsync(result, settings =>
            new JoinStormScenario(result.GetValue(clients), settings).RunAsync(cancel)));
        return command;
    }

    private static Option<int> StalledOption() =>
        Int("--stalled", "Members that stop reading once traffic starts (slow consumers); the others' latency shows their cost.", 0);

    private static Option<int> Int(string name, string description, int fallback) =>
        new(name) { Description = $"{description} Default {fallback:N0}.", DefaultValueFactory = _ => fallback };

    private static Command Scenario(string name, string description, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        foreach (var option in new Option[] { Host, Port, Json, ServerPid, Label, ServerName, Parallel, Payload, Timeout, Stall, Quiet })
        {
            command.Options.Add(option);
        }
        return command;
    }

    /// <summary>Runs one scenario and prints its result; exit code 0 when clean, 1 when anything was lost, duplicated or
    /// went wrong, 2 when it could not run.</summary>
    private static Task<int> RunAsync(ParseResult result, Func<ScenarioSettings, Task<RunResult>> run) =>
        RunAsync(result, 64, run);

    private static async Task<int> RunAsync(ParseResult result, int defaultParallel, Func<ScenarioSettings, Task<RunResult>> run)
    {
        ScenarioSettings settings;
        try
        {
            settings = new ScenarioSettings
            {
                Target = Target.Resolve(result.GetValue(Host)!, result.GetValue(Port)),
                Parallel = result.GetValue(Parallel) ?? defaultParallel,
                ServerPid = result.GetValue(ServerPid),
                Label = result.GetValue(Label),
                ServerName = result.GetValue(ServerName),
                PayloadBytes = result.GetValue(Payload),
                Timeout = TimeSpan.FromSeconds(result.GetValue(Timeout)),
                Stall = TimeSpan.FromSeconds(result.GetValue(Stall)),
                ShowProgress = !result.GetValue(Quiet),
            };
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"parley-bench: {ex.Message}");
            return 2;
        }
        RunResult outcome;
        try
        {
            outcome = await run(settings);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"parley-bench: {ex.Message}");
            return 2;
        }
        if (result.GetValue(Json))
        {
            ResultTable.Write(Console.Error, outcome);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(outcome, ResultJson.Default.RunResult));
        }
        else
        {
            ResultTable.Write(Console.Out, outcome);
        }
        return outcome.Clean ? 0 : 1;
    }
}
