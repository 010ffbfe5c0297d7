using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Parley.Protocol.Irc;

namespace Parley.Client.Connection;

/// <summary>A connection to an IRC server over TCP (or TLS): reads whole messages, writes messages, and answers PING by itself so
/// the server never drops an idle client.</summary>
/// <remarks>One reader at a time; sending is safe from any thread (sends are serialized).</remarks>
public sealed class IrcClientConnection : IChatConnection
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly LineFramer _framer = new(IrcLimits.MaxLineBytes);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>Wraps a connected stream (a socket's, or a test's).</summary>
    public IrcClientConnection(Stream stream)
    {
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>The SHA-256 fingerprint of the server's TLS certificate (AB:CD:...), or null without TLS.</summary>
    public string? ServerCertificateFingerprint { get; private init; }

    /// <summary>Connects over TCP, and over TLS on top when <paramref name="tls"/> is given (the handshake shares the
    /// timeout); throws <see cref="ConnectFailedException"/> with a one-line reason on failure.</summary>
    public static async Task<IrcClientConnection> ConnectAsync(ServerAddress address, TimeSpan timeout, CancellationToken cancel, ClientTls? tls = null)
    {
        // A dual-mode socket reaches both IPv4 and IPv6 addresses, and host names resolving to either.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, deadline.Token);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ConnectFailedException($"cannot connect to {address}: {Explain(ex.SocketErrorCode, ex.Message)}", ex);
        }
        catch (OperationCanceledException ex) when (!cancel.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ConnectFailedException($"cannot connect to {address}: no answer within {timeout.TotalSeconds:0} s", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (tls is null)
        {
            return new IrcClientConnection(stream);
        }
        try
        {
            var (secured, fingerprint) = await tls.AuthenticateAsync(stream, address, deadline.Token);
            return new IrcClientConnection(secured) { ServerCertificateFingerprint = fingerprint };
        }
        catch (OperationCanceledException ex) when (!cancel.IsCancellationRequested)
        {
            await stream.DisposeAsync();
            throw new ConnectFailedException($"cannot connect to {address} over TLS: the handshake did not finish within {timeout.TotalSeconds:0} s", ex);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next message from the server (PINGs are answered here and not returned), or null once the server
    /// closed the connection. Lines that are too long or hold no command are skipped.</summary>
    public async ValueTask<IrcMessage?> ReceiveAsync(CancellationToken cancel = default)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancel);
            var buffer = result.Buffer;
            IrcMessage? message = null;
            while (message is null)
            {
                var frame = _framer.TryReadLine(ref buffer, out var line);
                if (frame == FrameResult.Incomplete)
                {
                    break;
                }
                if (frame == FrameResult.Line)
                {
                    IrcParser.TryParse(line, out message);
                }
            }
            if (message is null)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return null;
                }
                continue;
            }
            _reader.AdvanceTo(buffer.Start);
            if (string.Equals(message.Command, "PING", StringComparison.OrdinalIgnoreCase))
            {
                await SendAsync(new IrcMessage("PONG", message.Param(0) ?? string.Empty), cancel);
                continue;
            }
            return message;
        }
    }

    /// <summary>Writes one message.</summary>
    public Task SendAsync(IrcMessage message, CancellationToken cancel = default) => SendAsync([message], cancel);

    /// <summary>Writes several messages in one write, in order.</summary>
    public async Task SendAsync(IReadOnlyList<IrcMessage> messages, CancellationToken cancel = default)
    {
        if (messages.Count == 0)
        {
            return;
        }
        var bytes = new ArrayBufferWriter<byte>(256);
        foreach (var message in messages)
        {
            IrcWriter.Write(bytes, message);
        }
        await _sendLock.WaitAsync(cancel);
        try
        {
            await _stream.WriteAsync(bytes.WrittenMemory, cancel);
            await _stream.FlushAsync(cancel);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _sendLock.Dispose();
    }

    private static string Explain(SocketError error, string fallback) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (is the server running?)",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        SocketError.AddressNotAvailable => "address not available",
        _ => fallback,
    };
}
