using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace Parley.Tests.Support;

/// <summary>A raw line-based IRC test client over TLS on a loopback port: accepts any server certificate (and keeps it to
/// look at), can present a client certificate, and waits for lines matching a predicate with a timeout.</summary>
public sealed class TlsLineClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _readLoop;

    private TlsLineClient(Socket socket, SslStream ssl, CancellationToken cancel)
    {
        _socket = socket;
        _ssl = ssl;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>The certificate the server presented.</summary>
    public X509Certificate2 ServerCertificate => (X509Certificate2)_ssl.RemoteCertificate!;

    /// <summary>The protocol the handshake settled on.</summary>
    public SslProtocols Protocol => _ssl.SslProtocol;

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and completes the handshake, presenting
    /// <paramref name="clientCertificate"/> when given.</summary>
    public static async Task<TlsLineClient> ConnectAsync(int port, CancellationToken cancel, X509Certificate2? clientCertificate = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(LineClient.DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
#pragma warning disable CA5359 // the test servers' certificates are self-signed; the tests compare fingerprints themselves
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            }, timeout.Token);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
        return new TlsLineClient(socket, ssl, cancel);
    }

    /// <summary>Connects and registers as <paramref name="nick"/>, returning once the welcome burst ended.</summary>
    public static async Task<TlsLineClient> RegisterAsync(int port, string nick, CancellationToken cancel, X509Certificate2? clientCertificate = null)
    {
        var client = await ConnectAsync(port, cancel, clientCertificate);
        await client.SendAsync($"NICK {nick}", $"USER {nick.ToLowerInvariant()} 0 * :{nick}");
        await client.ExpectAsync(l => LineClient.Command(l) == "001");
        await client.ExpectAsync(l => LineClient.Command(l) is "376" or "422");
        return client;
    }

    /// <summary>Sends each line followed by CR LF, in one write.</summary>
    public async Task SendAsync(params string[] lines)
    {
        await _ssl.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n"))), _stop.Token);
        await _ssl.FlushAsync(_stop.Token);
    }

    /// <summary>Waits (10 s) for a line matching <paramref name="predicate"/>, skipping others.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> predicate)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(LineClient.DefaultTimeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(deadline.Token);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException("no matching line over TLS" + (ex is ChannelClosedException ? " (the server closed the connection)" : ""));
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var n = await _ssl.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }
                pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }
                foreach (var line in text[..end].Split('\n'))
                {
                    _lines.Writer.TryWrite(line.TrimEnd('\r'));
                }
                pending.Clear().Append(text[(end + 1)..]);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _readLoop;
        await _ssl.DisposeAsync();
        _stop.Dispose();
    }
}
