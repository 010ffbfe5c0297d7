using System.Net;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Protocol.Udp;
using Parley.Protocol.Udp.Handshake;
using Parley.Server.Doors.Plain;

namespace Parley.Server.Doors.Udp;

// Plain text over UDP (docs/udp-protocol.md, section 12): the code handshake under the 3x ledger, then lines both ways.
public sealed partial class UdpDoor
{
    /// <summary>Unvalidated addresses the ledger remembers at most.</summary>
    private const int LedgerCapacity = 16384;

    /// <summary>How long a ledger entry lives: as long as the code it answered can come back (two minutes).</summary>
    private const long LedgerLifetimeMicros = 120_000_000;

    private readonly PlainTextCode _plainCodes;
    private readonly long _plainIdleMicros;
    private readonly AmplificationLedger _ledger = new(LedgerCapacity, LedgerLifetimeMicros);
    private readonly Dictionary<IPEndPoint, PlainUdpTransport> _plainSessions = [];

    private void OnPlainDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, long now)
    {
        if (_plainSessions.TryGetValue(from, out var plain))
        {
            plain.LastHeard = now;
            PostPlainLines(plain, datagram);
            return;
        }
        if (_acceptingStopped)
        {
            Counters.AddUnexpected();
            return;
        }
        Span<byte> address = stackalloc byte[16];
        var addressLength = PeerAddress.WriteBytes(from.Address, address);
        if (_plainCodes.IsValidResponse(datagram, address[..addressLength], from.Port, now))
        {
            OpenPlain(from, now);
            return;
        }
        // Not proved yet: answer with the code only while the answer keeps within 3x what this address sent.
        var ledger = _ledger.For(from, now);
        ledger.OnReceived(datagram.Length);
        var challenge = _plainCodes.ChallengeLine(address[..addressLength], from.Port, now);
        if (ledger.TrySend(challenge.Length))
        {
            SendDatagram(challenge, from);
            Counters.AddChallengeSent();
        }
        else
        {
            Counters.AddChallengeWithheld();
        }
    }

    private void OpenPlain(IPEndPoint from, long now)
    {
        _ledger.Forget(from);
        if (_admission.TryAdmit(from.Address) is { } refusal)
        {
            SendDatagram(System.Text.Encoding.UTF8.GetBytes($"error: {refusal}\n"), from); // the code proved the address
            _loop.Hub.ConnectionLog.LogInformation("refused {Peer}/udp (plain text): {Reason}", from, refusal);
            return;
        }
        var plain = new PlainUdpTransport(this, from, _options.Limits.SendQueueBytes, now);
        _plainSessions.Add(from, plain);
        Counters.OnPlainSessionOpened();
        _loop.Post(hub =>
        {
            plain.Session = hub.Connect(plain, PlainWireFormat.Instance);
            PlainTextDoor.Attach(hub, plain.Session);
        });
    }

    /// <summary>A datagram holds one or more typed lines: split at LF (a CR before it dropped), a last line without LF
    /// taken whole, each decoded as the TCP door does (UTF-8, else Latin-1).</summary>
    private void PostPlainLines(PlainUdpTransport plain, ReadOnlySpan<byte> datagram)
    {
        var lines = new List<string?>();
        var rest = datagram;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            lines.Add(line.Length > IrcLimits.MaxBodyBytes * 4 ? null
                : Utf8.IsValid(line) ? Encoding.UTF8.GetString(line) : Encoding.Latin1.GetString(line));
        }
        _loop.Post(hub =>
        {
            foreach (var line in lines)
            {
                if (plain.Session is not { IsClosing: false } session)
                {
                    return;
                }
                session.LastHeard = hub.Time.GetUtcNow();
                PlainTextDoor.Receive(hub, session, line);
            }
        });
    }

    /// <summary>Sends what the hub queued for a plain session as datagrams of whole lines, as many lines to a datagram
    /// as fit; forgets the session once the hub closed it.</summary>
    private void PumpPlain(PlainUdpTransport plain)
    {
        if (!_plainSessions.TryGetValue(plain.Peer, out var current) || current != plain)
        {
            plain.DropPending();
            return;
        }
        var used = 0;
        plain.Drain(chunk =>
        {
            var span = chunk.Span;
            while (!span.IsEmpty)
            {
                if (used + span.Length <= _sendBuffer.Length)
                {
                    span.CopyTo(_sendBuffer.AsSpan(used));
                    used += span.Length;
                    break;
                }
                if (used > 0)
                {
                    SendDatagram(_sendBuffer.AsSpan(0, used), plain.Peer);
                    used = 0;
                    continue;
                }
                // One line longer than a datagram: cut it, at a character boundary.
                var cut = _sendBuffer.Length;
                while (cut > 1 && (span[cut] & 0xC0) == 0x80)
                {
                    cut--;
                }
                SendDatagram(span[..cut], plain.Peer);
                span = span[cut..];
            }
            return true;
        });
        if (used > 0)
        {
            SendDatagram(_sendBuffer.AsSpan(0, used), plain.Peer);
        }
        if (plain.CloseRequested)
        {
            // The last lines (a goodbye) are out; the next datagram from this address starts with the code again.
            if (_plainSessions.Remove(plain.Peer))
            {
                _admission.Release(plain.Peer.Address);
            }
            Counters.OnPlainSessionForgotten();
        }
    }

    /// <summary>UDP has no end of connection: a plain session silent for the door's idle timeout is over.</summary>
    private void CheckPlainIdle(long now)
    {
        foreach (var plain in _plainSessions.Values)
        {
            if (plain.IdleReported || now - plain.LastHeard < _plainIdleMicros)
            {
                continue;
            }
            plain.IdleReported = true;
            var reason = $"Idle timeout: {_plainIdleMicros / 1_000_000} seconds";
            _loop.Post(hub =>
            {
                if (plain.Session is { } session)
                {
                    hub.Disconnect(session, reason);
                }
            });
        }
    }
}
