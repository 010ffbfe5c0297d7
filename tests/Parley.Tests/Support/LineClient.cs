using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Parley.Tests.Support;

/// <summary>A raw line-based TCP test client: connects to a loopback port, sends lines, and waits for a line matching a
/// predicate with a timeout. Lines are read in the background, so a client that is not asked for lines still drains
/// its socket (use a raw <see cref="Socket"/> for a client that must not read).</summary>
public sealed class LineClient : IAsyncDisposable
{
    /// <summary>How long a single wait for a line lasts unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<string> _seen = [];
    private readonly Task _readLoop;
    private readonly CancellationTokenSource _stop;
    private byte[] _unterminated = [];

    private LineClient(Socket socket, string name, CancellationToken cancel)
    {
        _socket = socket;
        Name = name;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>A label for failure messages (the nick, usually).</summary>
    public string Name { get; }

    /// <summary>Bytes received after the last line ending, once the server has closed the connection.</summary>
    public byte[] Unterminated => _unterminated;

    /// <summary>The local port of this client's socket, for finding the connection in the system's TCP table.</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Connects to <paramref name="address"/> (127.0.0.1 by default) on <paramref name="port"/>. Every wait of
    /// the client also ends when <paramref name="cancel"/> fires (pass the test's token).</summary>
    public static async Task<LineClient> ConnectAsync(int port, string name, CancellationToken cancel, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new LineClient(socket, name, cancel);
    }

    /// <summary>Connects and registers as an IRC client with <paramref name="nick"/>, returning once 001 arrived and the
    /// welcome burst ended (376 or 422).</summary>
    public static async Task<LineClient> RegisterAsync(int port, string nick, CancellationToken cancel, IPAddress? address = null)
    {
        var client = await ConnectAsync(port, nick, cancel, address);
        await client.SendAsync($"NICK {nick}", $"USER {nick.ToLowerInvariant()} 0 * :{nick}");
        await client.ExpectAsync(l => Command(l) == "001");
        await client.ExpectAsync(l => Command(l) is "376" or "422");
        return client;
    }

    /// <summary>Sends each line followed by CR LF, all in one write.</summary>
    public Task SendAsync(params string[] lines) => SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n"))));

    /// <summary>Sends exactly these bytes in one send() call.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        using var timeout = Deadline(DefaultTimeout);
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, timeout.Token);
        }
    }

    /// <summary>Joins <paramref name="room"/> and waits for the end of its NAMES list.</summary>
    public async Task JoinAsync(string room)
    {
        await SendAsync($"JOIN {room}");
        await ExpectAsync(l => Command(l) == "366" && l.Contains(room, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Sends a PING and waits for its PONG: everything the server sent this client before it handled the PING
    /// has then been read.</summary>
    public async Task<List<string>> SyncAsync(TimeSpan? timeout = null)
    {
        var token = "sync" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync($"PING {token}");
        return await ReadUntilAsync(l => Command(l) == "PONG" && l.EndsWith(token, StringComparison.Ordinal), timeout);
    }

    /// <summary>Waits for a line matching <paramref name="predicate"/> and returns it; lines before it are skipped.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        var lines = await ReadUntilAsync(predicate, timeout);
        return lines[^1];
    }

    /// <summary>Reads lines until one matches <paramref name="predicate"/>; returns all of them, the match last.
    /// Fails with the recent lines when the timeout passes or the connection closes first.</summary>
    public async Task<List<string>> ReadUntilAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        var read = new List<string>();
        using var cancel = Deadline(timeout ?? DefaultTimeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                read.Add(line);
                if (predicate(line))
                {
                    return read;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no matching line within {(timeout ?? DefaultTimeout).TotalSeconds} s; last lines: {Recent()}");
        }
        catch (ChannelClosedException)
        {
            throw new IOException($"{Name}: connection closed before a matching line; last lines: {Recent()}");
        }
    }

    /// <summary>Reads every remaining line until the server closes the connection, and returns them.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var read = new List<string>();
        using var cancel = Deadline(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancel.Token))
            {
                read.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: connection still open after {(timeout ?? DefaultTimeout).TotalSeconds} s; last lines: {Recent()}");
        }
        await _readLoop;
        return read;
    }

    /// <summary>Lines already received and not yet taken by a wait (does not wait).</summary>
    public List<string> TakeReceived()
    {
        var read = new List<string>();
        while (_lines.Reader.TryRead(out var line))
        {
            read.Add(line);
        }
        return read;
    }

    /// <summary>Says "no more from me" (FIN) but keeps reading, as `nc -N` or a script piping its input does.</summary>
    public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes the socket without saying goodbye (no QUIT), as a crashed client or a pulled cable would.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0); // a reset, not a polite FIN
        _socket.Close();
    }

    /// <summary>The IRC command of a line ("PRIVMSG", "001"), skipping tags and the source.</summary>
    public static string Command(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        if (i < parts.Length && parts[i].StartsWith('@'))
        {
            i++;
        }
        if (i < parts.Length && parts[i].StartsWith(':'))
        {
            i++;
        }
        return i < parts.Length ? parts[i] : string.Empty;
    }

    private CancellationTokenSource Deadline(TimeSpan timeout)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(timeout);
        return deadline;
    }

    private string Recent()
    {
        lock (_seen)
        {
            return _seen.Count == 0 ? "(none)" : string.Join(" | ", _seen.TakeLast(8));
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    break;
                }
                var start = 0;
                for (var i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    start = i + 1;
                    if (pending.Count > 0 && pending[^1] == (byte)'\r')
                    {
                        pending.RemoveAt(pending.Count - 1);
                    }
                    var line = Encoding.UTF8.GetString(pending.ToArray());
                    pending.Clear();
                    lock (_seen)
                    {
                        _seen.Add(line);
                        if (_seen.Count > 64)
                        {
                            _seen.RemoveRange(0, 32);
                        }
                    }
                    _lines.Writer.TryWrite(line);
                }
                pending.AddRange(buffer.AsSpan(start, n - start));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset ends the stream like a close does; the waits report what they were missing.
        }
        finally
        {
            _unterminated = pending.ToArray();
            _lines.Writer.TryComplete();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _readLoop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
