using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Parley.Protocol.Irc;
using Parley.Protocol.Udp.Reliability;
using Parley.Protocol.Udp.Wire;

namespace Parley.Client.Connection;

/// <summary>A connection to a Parley server over UDP: IRC lines carried one per message by a
/// <see cref="DatagramSession"/>, so the chat works exactly as over TCP. Answers PING by itself, as the TCP connection
/// does.</summary>
public sealed class UdpClientConnection : IChatConnection
{
    private readonly DatagramSession _session;

    private UdpClientConnection(DatagramSession session) => _session = session;

    /// <summary>The session underneath.</summary>
    public DatagramSession Session => _session;

    /// <summary>Opens a session (the handshake proves our address to the server) and waits until the server accepted
    /// it; throws <see cref="ConnectFailedException"/> with a one-line reason on failure.</summary>
    public static async Task<UdpClientConnection> ConnectAsync(ServerAddress address, TimeSpan timeout, CancellationToken cancel,
        ReliableConnectionOptions? options = null)
    {
        var where = $"udp://{address}";
        IPAddress[] candidates;
        try
        {
            candidates = IPAddress.TryParse(address.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(address.Host, cancel);
        }
        catch (SocketException ex)
        {
            throw new ConnectFailedException($"cannot connect to {where}: unknown host", ex);
        }
        if (candidates.Length == 0)
        {
            throw new ConnectFailedException($"cannot connect to {where}: unknown host");
        }
        // Like TCP, try each address in turn: "localhost" may name ::1 first while the server listens on 127.0.0.1.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        Exception? last = null;
        foreach (var candidate in candidates)
        {
            try
            {
                var session = await DatagramSession.ConnectAsync(new IPEndPoint(candidate, address.Port), Timeout.InfiniteTimeSpan, deadline.Token, options);
                return new UdpClientConnection(session);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
            catch (IOException ex)
            {
                throw new ConnectFailedException($"cannot connect to {where}: {ex.Message}", ex);
            }
            catch (OperationCanceledException ex) when (!cancel.IsCancellationRequested)
            {
                throw new ConnectFailedException($"cannot connect to {where}: no answer within {timeout.TotalSeconds:0} s", ex);
            }
        }
        var error = last as SocketException;
        throw new ConnectFailedException($"cannot connect to {where}: {(error?.SocketErrorCode == SocketError.ConnectionRefused
            ? "connection refused (is the server running?)"
            : error?.Message ?? "no address")}", last);
    }

    /// <inheritdoc/>
    public async ValueTask<IrcMessage?> ReceiveAsync(CancellationToken cancel = default)
    {
        while (await _session.ReceiveAsync(cancel) is { } bytes)
        {
            if (bytes.Length > IrcLimits.MaxLineBytes)
            {
                continue; // as the TCP connection skips over-long lines
            }
            IrcParser.TryParse(bytes.Span, out var message);
            if (message is null)
            {
                continue;
            }
            if (string.Equals(message.Command, "PING", StringComparison.OrdinalIgnoreCase))
            {
                await SendAsync([new IrcMessage("PONG", message.Param(0) ?? string.Empty)], cancel);
                continue;
            }
            return message;
        }
        // A close by the server (its QUIT answer, a shutdown) is the normal end; anything else broke the session.
        return _session.Closed is { ByPeer: false } closed && closed.Code != CloseCode.Normal
            ? throw new IOException(closed.Code == CloseCode.IdleTimeout ? $"the server stopped answering ({closed.Reason})" : closed.Reason)
            : null;
    }

    /// <inheritdoc/>
    public Task SendAsync(IReadOnlyList<IrcMessage> messages, CancellationToken cancel = default)
    {
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }
        var lines = new List<ReadOnlyMemory<byte>>(messages.Count);
        foreach (var message in messages)
        {
            var bytes = new ArrayBufferWriter<byte>(128);
            IrcWriter.Write(bytes, message);
            lines.Add(bytes.WrittenMemory[..^2]); // one line per message, without its CR LF
        }
        return _session.Send(lines) switch
        {
            SendResult.Queued => Task.CompletedTask,
            SendResult.BufferFull => Task.FromException(new IOException("the server is not taking messages (send buffer full)")),
            _ => Task.CompletedTask, // closing: the listener reports the end
        };
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
