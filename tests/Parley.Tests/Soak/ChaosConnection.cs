using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Tests.Soak;

/// <summary>How a misbehaving client reads what the server sends it.</summary>
public enum ReadPace
{
    /// <summary>As fast as it comes.</summary>
    Full,

    /// <summary>A few bytes every so often.</summary>
    Slow,

    /// <summary>Never: the receive window fills and stays full.</summary>
    Never,
}

/// <summary>One connection of a misbehaving client: sends bytes, reads (or does not) in the background, and ends in
/// whichever way the client picks. Every wait is bounded, so a server that stops answering cannot hang the run.</summary>
public sealed class ChaosConnection : IAsyncDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly ChaosTally _tally;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private ChaosConnection(Socket socket, ReadPace pace, ChaosTally tally)
    {
        _socket = socket;
        _tally = tally;
        _reader = pace == ReadPace.Never ? Task.CompletedTask : Task.Run(() => ReadAsync(pace));
    }

    /// <summary>Whether the server has closed its side (seen by the reader).</summary>
    public bool ServerClosed { get; private set; }

    /// <summary>Connects from <paramref name="source"/> to <paramref name="target"/>; null when the connection could not be
    /// made in time.</summary>
    public static async Task<ChaosConnection?> OpenAsync(IPEndPoint target, IPAddress source, ReadPace pace, ChaosTally tally, CancellationToken cancel)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        ChaosAddresses.Bind(socket, source);
        if (pace == ReadPace.Never)
        {
            socket.ReceiveBufferSize = 4096; // a small window fills soon, so the server's queue for us grows
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await socket.ConnectAsync(target, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            tally.Count(ref tally.ConnectFailures);
            return null;
        }
        tally.Count(ref tally.Connections);
        return new ChaosConnection(socket, pace, tally);
    }

    /// <summary>Sends text; false when the server has gone (or the send could not finish in time).</summary>
    public Task<bool> SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends bytes; false when the server has gone (or the send could not finish in time).</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(SendTimeout);
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
                bytes = bytes[sent..];
                _tally.Add(ref _tally.BytesSent, sent);
            }
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Resets the connection (RST), as a crashed client or a pulled cable does.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    /// <summary>Says "no more from me" (FIN) and reads on until the server hangs up or a few seconds pass.</summary>
    public async Task HalfCloseAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return;
        }
        await Task.WhenAny(_reader, Task.Delay(DrainTimeout));
    }

    /// <summary>Closes politely (FIN) without waiting for anything.</summary>
    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    private async Task ReadAsync(ReadPace pace)
    {
        var buffer = new byte[pace == ReadPace.Slow ? 64 : 8192];
        try
        {
            while (true)
            {
                if (pace == ReadPace.Slow)
                {
                    await Task.Delay(100, _stop.Token);
                }
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    ServerClosed = true;
                    return;
                }
                _tally.Add(ref _tally.BytesReceived, n);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            ServerClosed = ex is SocketException { SocketErrorCode: SocketError.ConnectionReset };
        }
    }

    /// <summary>Stops reading and lets go of the socket (a reset if it is still open).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Abort();
        await _reader;
        _stop.Dispose();
    }
}
