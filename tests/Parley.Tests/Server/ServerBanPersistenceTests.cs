using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Tests.Support;

namespace Parley.Tests.Server;

/// <summary>The real `parley` executable: an operator configured with a hash from `parley admin hash-password` sets a
/// K-line and a D-line, the server stops, starts again on the same data directory, and still refuses those clients.</summary>
public sealed class ServerBanPersistenceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task Hash_password_prints_one_hash_line_for_a_piped_password()
    {
        var cancel = TestContext.Current.CancellationToken;
        var line = await HashAsync("s3cret", cancel);
        Assert.Matches(@"^pbkdf2-sha256\$600000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", line);
        Assert.NotEqual(line, await HashAsync("s3cret", cancel)); // a fresh salt each time
    }

    [Fact(Timeout = 120_000)]
    public async Task Klines_and_dlines_set_by_a_hashed_operator_still_refuse_clients_after_a_restart()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("parley-bans-");
        var environment = new Dictionary<string, string>
        {
            ["PARLEY__Operators__0__Name"] = "root",
            ["PARLEY__Operators__0__PasswordHash"] = await HashAsync("s3cret", cancel),
        };
        string[] arguments = ["--data", data.File("db")];

        var (first, port) = await ParleyProcess.StartServerAsync(cancel, arguments, environment: environment);
        await using (first)
        {
            Assert.DoesNotContain(first.Stdout.Concat(first.Stderr), l => l.Contains("plain-text Password", StringComparison.Ordinal));
            await using var oper = await LineClient.RegisterAsync(port, "oper", cancel);
            await oper.SendAsync("OPER root wrong");
            await oper.ExpectAsync(l => l.Contains(" 464 ", StringComparison.Ordinal), Timeout);
            await oper.SendAsync("OPER root s3cret");
            await oper.ExpectAsync(l => l.Contains(" 381 ", StringComparison.Ordinal), Timeout);

            await using var doomed = await RawClient.ConnectAsync(IPAddress.Parse("127.0.0.2"), port, cancel);
            await doomed.SendAsync("NICK doomed\r\nUSER d 0 * :D\r\n");
            await doomed.ExpectAsync(l => l.Contains(" 001 ", StringComparison.Ordinal));

            await oper.SendAsync("KLINE *!*@127.0.0.3 :kline kept", "DLINE 127.0.0.2 :dline kept");
            await oper.ExpectAsync(l => l.Contains("Added K-line on *!*@127.0.0.3", StringComparison.Ordinal), Timeout);
            await oper.ExpectAsync(l => l.Contains("Added D-line on 127.0.0.2", StringComparison.Ordinal), Timeout);
            // Adding the D-line dropped the client already connected from that address.
            await doomed.ExpectAsync(l => l == "ERROR :Closing Link: 127.0.0.2 (D-Lined: dline kept)");

            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync(Timeout));
        }

        var (second, secondPort) = await ParleyProcess.StartServerAsync(cancel, arguments, environment: environment);
        await using (second)
        {
            // D-line: refused at the door, before any registration.
            await using (var fromDlined = await RawClient.ConnectAsync(IPAddress.Parse("127.0.0.2"), secondPort, cancel))
            {
                Assert.Equal("ERROR :Closing Link: 127.0.0.2 (D-Lined: dline kept)", await fromDlined.ReadLineAsync());
                Assert.Null(await fromDlined.ReadLineAsync()); // and closed
            }

            // K-line: refused when registration completes.
            await using (var fromKlined = await RawClient.ConnectAsync(IPAddress.Parse("127.0.0.3"), secondPort, cancel))
            {
                await fromKlined.SendAsync("NICK banned\r\nUSER b 0 * :B\r\n");
                var lines = await fromKlined.ReadToEndAsync();
                Assert.Contains(lines, l => l.Contains(" 465 banned ", StringComparison.Ordinal) && l.EndsWith("kline kept", StringComparison.Ordinal));
                Assert.Equal("ERROR :Closing Link: 127.0.0.3 (K-Lined: kline kept)", lines[^1]);
                Assert.DoesNotContain(lines, l => l.Contains(" 001 ", StringComparison.Ordinal));
            }

            // Everyone else still gets in, and the operator can list and lift the bans.
            await using var oper = await LineClient.RegisterAsync(secondPort, "oper", cancel);
            await oper.SendAsync("OPER root s3cret");
            await oper.ExpectAsync(l => l.Contains(" 381 ", StringComparison.Ordinal), Timeout);
            await oper.SendAsync("STATS k");
            await oper.ExpectAsync(l => l.Contains(" 216 oper K *!*@127.0.0.3 oper ", StringComparison.Ordinal), Timeout);
            await oper.SendAsync("UNDLINE 127.0.0.2");
            await oper.ExpectAsync(l => l.Contains("Removed the D-line on 127.0.0.2", StringComparison.Ordinal), Timeout);
            await using var back = await RawClient.ConnectAsync(IPAddress.Parse("127.0.0.2"), secondPort, cancel);
            await back.SendAsync("NICK back\r\nUSER b 0 * :B\r\n");
            await back.ExpectAsync(l => l.Contains(" 001 ", StringComparison.Ordinal));
        }
    }

    private static async Task<string> HashAsync(string password, CancellationToken cancel)
    {
        await using var tool = ParleyProcess.Start(["admin", "hash-password"], cancel);
        await tool.WriteInputAndCloseAsync(password);
        Assert.Equal(0, await tool.WaitForExitAsync(Timeout));
        return Assert.Single(tool.Stdout);
    }

    /// <summary>A TCP client whose socket is bound to a chosen loopback address (127.0.0.0/8 is all loopback on Linux),
    /// so the server sees it come from there.</summary>
    private sealed class RawClient : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly StreamReader _reader;
        private readonly CancellationToken _cancel;

        private RawClient(Socket socket, CancellationToken cancel)
        {
            _socket = socket;
            _cancel = cancel;
            _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
        }

        public static async Task<RawClient> ConnectAsync(IPAddress from, int port, CancellationToken cancel)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
            return new RawClient(socket, cancel);
        }

        public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, _cancel);

        /// <summary>The next line, or null once the server closed the connection.</summary>
        public async Task<string?> ReadLineAsync()
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
            deadline.CancelAfter(Timeout);
            try
            {
                return await _reader.ReadLineAsync(deadline.Token);
            }
            catch (IOException)
            {
                return null; // reset after the last line: closed all the same
            }
        }

        public async Task<List<string>> ReadToEndAsync()
        {
            var lines = new List<string>();
            while (await ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
            return lines;
        }

        public async Task ExpectAsync(Func<string, bool> predicate)
        {
            var seen = new List<string>();
            while (await ReadLineAsync() is { } line)
            {
                if (predicate(line))
                {
                    return;
                }
                seen.Add(line);
            }
            Assert.Fail("connection closed without the expected line; got: " + string.Join(" | ", seen));
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
