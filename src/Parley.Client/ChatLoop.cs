using System.Net.Sockets;
using System.Threading.Channels;
using Parley.Client.Chat;
using Parley.Client.Connection;
using Parley.Client.Terminal;
using Parley.Protocol.Irc;

namespace Parley.Client;

/// <summary>Runs a chat: connects, then applies every event (a message from the server, a typed line, the end of input,
/// a deadline) to the <see cref="ChatClient"/> on one loop, sending what it says to send and showing what it says to show.</summary>
/// <remarks>The server is read by a background listener and the keyboard by the screen's input thread; both only post
/// events, so the client's state has one owner and needs no lock.</remarks>
public sealed class ChatLoop
{
    private readonly Channel<LoopEvent> _events = Channel.CreateUnbounded<LoopEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClientOptions _options;
    private readonly IChatConnection _connection;
    private readonly IChatScreen _screen;
    private readonly ChatClient _client;
    private bool _inputStarted;
    private bool _quitting;
    private bool _flushing;
    private bool _failed;
    private string? _quitReason;

    private ChatLoop(ClientOptions options, IChatConnection connection, IChatScreen screen)
    {
        _options = options;
        _connection = connection;
        _screen = screen;
        _client = new ChatClient(options);
    }

    /// <summary>Connects and chats until the user quits or the server closes the connection. Returns the exit code:
    /// 0 when the user ended the chat, 1 when the connection failed or the server ended it.</summary>
    public static async Task<int> RunAsync(ClientOptions options, IChatScreen screen, TextWriter errors, CancellationToken cancel)
    {
        IChatConnection connection;
        try
        {
            connection = options.Udp
                ? await UdpClientConnection.ConnectAsync(options.Server, options.ConnectTimeout, cancel)
                : await IrcClientConnection.ConnectAsync(options.Server, options.ConnectTimeout, cancel, options.Tls);
        }
        catch (ConnectFailedException ex)
        {
            await errors.WriteLineAsync($"parley: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
        if (options.Tls is { Insecure: true } && connection is IrcClientConnection { ServerCertificateFingerprint: { } fingerprint })
        {
            // Said once, where a script's output does not mix it with the chat: what to compare with the server's console.
            await errors.WriteLineAsync($"parley: the server's certificate was not checked (--insecure); its SHA-256 fingerprint is {fingerprint}");
        }
        await using (connection)
        {
            return await new ChatLoop(options, connection, screen).RunAsync(cancel);
        }
    }

    private async Task<int> RunAsync(CancellationToken cancel)
    {
        using var stopListening = new CancellationTokenSource();
        var listener = Task.Run(() => ListenAsync(stopListening.Token), CancellationToken.None);
        // Ctrl+C outside the line editor (or SIGTERM) ends the chat like /quit, without waiting for a flush.
        using var onCancel = cancel.Register(() => Post(new LoopEvent.InputEnded(Interrupted: true)));
        try
        {
            await SendAsync(_client.Start());
            return await ProcessAsync();
        }
        finally
        {
            _screen.Stop();
            await stopListening.CancelAsync();
            await listener;
        }
    }

    private async Task<int> ProcessAsync()
    {
        await foreach (var next in _events.Reader.ReadAllAsync())
        {
            switch (next)
            {
                case LoopEvent.Incoming incoming:
                    await ApplyAsync(_client.Receive(incoming.Message));
                    break;
                case LoopEvent.Typed typed when !_quitting:
                    await ApplyAsync(_client.Type(typed.Line));
                    break;
                case LoopEvent.InputEnded ended:
                    await BeginQuitAsync(null, flush: !ended.Interrupted);
                    break;
                case LoopEvent.FlushTimedOut when _flushing:
                    _flushing = false;
                    await SendQuitAsync();
                    break;
                case LoopEvent.CloseTimedOut:
                    return Finish(error: null);
                case LoopEvent.Closed closed:
                    return Finish(closed.Error);
            }
        }
        return Finish(error: null);
    }

    private async Task ApplyAsync(ClientOutput output)
    {
        foreach (var line in output.Lines)
        {
            _screen.Show(line);
        }
        await SendAsync(output);
        if (output.Has(ClientSignal.Registered) && !_inputStarted)
        {
            _inputStarted = true;
            _screen.StartInput(line => Post(new LoopEvent.Typed(line)), interrupted => Post(new LoopEvent.InputEnded(interrupted)));
        }
        if (output.Has(ClientSignal.GaveUp))
        {
            _failed = true;
            await BeginQuitAsync(null, flush: false);
        }
        if (output.Has(ClientSignal.QuitRequested))
        {
            await BeginQuitAsync(output.QuitReason, flush: true);
        }
        if (output.Has(ClientSignal.Flushed) && _flushing)
        {
            _flushing = false;
            await SendQuitAsync();
        }
    }

    /// <summary>Quits; a script's last lines are flushed first (a PING answered means the server handled everything sent
    /// before it, and the replies to them have arrived), so that nothing it sent or was answered is lost.</summary>
    private async Task BeginQuitAsync(string? reason, bool flush)
    {
        if (_quitting)
        {
            return;
        }
        _quitting = true;
        _quitReason = reason;
        if (flush && !_screen.IsInteractive && _client.IsRegistered)
        {
            _flushing = true;
            await SendAsync(_client.Flush());
            PostLater(new LoopEvent.FlushTimedOut(), _options.FlushTimeout);
            return;
        }
        await SendQuitAsync();
    }

    private async Task SendQuitAsync()
    {
        await SendAsync(_client.Quit(_quitReason));
        PostLater(new LoopEvent.CloseTimedOut(), _options.CloseTimeout);
    }

    private int Finish(string? error)
    {
        _screen.Stop();
        if (!_client.HasQuit && _client.ServerError is null && error is not null)
        {
            _screen.Show($"Connection lost: {error}");
        }
        else if (!_client.HasQuit || _screen.IsInteractive)
        {
            _screen.Show(_client.DescribeClose());
        }
        return _client.HasQuit && !_failed ? 0 : 1;
    }

    private async Task SendAsync(ClientOutput output)
    {
        try
        {
            await _connection.SendAsync(output.Messages);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The listener sees the same broken connection and reports it.
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        string? error = null;
        try
        {
            while (await _connection.ReceiveAsync(stop) is { } message)
            {
                Post(new LoopEvent.Incoming(message));
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            error = ex.InnerException?.Message ?? ex.Message;
        }
        Post(new LoopEvent.Closed(error));
    }

    private void Post(LoopEvent next) => _events.Writer.TryWrite(next);

    private void PostLater(LoopEvent next, TimeSpan delay) =>
        _ = Task.Delay(delay).ContinueWith(_ => Post(next), TaskScheduler.Default);

    /// <summary>What the loop reacts to.</summary>
    private abstract record LoopEvent
    {
        public sealed record Incoming(IrcMessage Message) : LoopEvent;

        public sealed record Typed(string Line) : LoopEvent;

        public sealed record InputEnded(bool Interrupted) : LoopEvent;

        public sealed record FlushTimedOut : LoopEvent;

        public sealed record CloseTimedOut : LoopEvent;

        public sealed record Closed(string? Error) : LoopEvent;
    }
}
