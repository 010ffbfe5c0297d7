namespace Parley.Protocol.Udp.Reliability;

/// <summary>The sending half of the message stream: messages numbered from 0, cut into fragments once, each fragment
/// sent, then acknowledged or resent after a loss. New messages start only within the message window (count and
/// bytes from the oldest unacknowledged message), which is what lets the receiver bound its reordering buffer.</summary>
internal sealed class OutgoingMessages
{
    private enum FragmentState : byte
    {
        Unsent,
        InFlight,
        Lost,
        Acked,
    }

    private sealed class Message(ulong id, byte[] data)
    {
        public ulong Id { get; } = id;

        public byte[] Data { get; } = data;

        public FragmentState[] States { get; } = new FragmentState[FragmentCount(data.Length)];

        public int AckedCount { get; set; }

        public bool IsAcked => AckedCount == States.Length;

        public ReadOnlyMemory<byte> Payload(int index)
        {
            var start = index * UdpLimits.FragmentPayloadSize;
            return Data.AsMemory(start, Math.Min(UdpLimits.FragmentPayloadSize, Data.Length - start));
        }
    }

    private readonly Dictionary<ulong, Message> _messages = [];
    private readonly SortedSet<FragmentRef> _lost = new(Comparer<FragmentRef>.Create(
        (a, b) => a.MessageId != b.MessageId ? a.MessageId.CompareTo(b.MessageId) : a.Index.CompareTo(b.Index)));

    private ulong _oldest;      // the oldest message not yet wholly acknowledged (== _nextId when none)
    private ulong _nextId;      // the id the next enqueued message gets
    private ulong _startedEnd;  // messages below this have had at least one fragment sent
    private int _nextFragment;  // the next unsent fragment of message _startedEnd - 1 (or 0 to start a new one)
    private long _windowBytes;  // sizes of messages in [_oldest, _startedEnd)

    /// <summary>Fragments needed for a message of <paramref name="length"/> bytes (an empty message is one empty fragment).</summary>
    public static int FragmentCount(int length) => Math.Max(1, (length + UdpLimits.FragmentPayloadSize - 1) / UdpLimits.FragmentPayloadSize);

    /// <summary>Bytes of messages not yet wholly acknowledged.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>Whether every message has been acknowledged.</summary>
    public bool IsEmpty => _messages.Count == 0;

    /// <summary>Adds a message (copied); returns its id.</summary>
    public ulong Enqueue(ReadOnlySpan<byte> message)
    {
        var id = _nextId++;
        _messages[id] = new Message(id, message.ToArray());
        QueuedBytes += message.Length;
        return id;
    }

    /// <summary>The next fragment to send (lost fragments first, oldest first; then new ones within the window).</summary>
    public bool TryPeek(out FragmentRef fragment, out int count, out ReadOnlyMemory<byte> payload)
    {
        if (_lost.Count > 0)
        {
            fragment = _lost.Min;
            var message = _messages[fragment.MessageId];
            count = message.States.Length;
            payload = message.Payload(fragment.Index);
            return true;
        }
        if (TryNextNew(out var next))
        {
            fragment = new FragmentRef(next.Id, _nextFragment);
            count = next.States.Length;
            payload = next.Payload(_nextFragment);
            return true;
        }
        fragment = default;
        count = 0;
        payload = default;
        return false;
    }

    /// <summary>Marks the fragment <see cref="TryPeek"/> returned as sent; returns whether it was a retransmission.</summary>
    public bool Take(FragmentRef fragment)
    {
        var message = _messages[fragment.MessageId];
        var wasLost = message.States[fragment.Index] == FragmentState.Lost;
        if (wasLost)
        {
            _lost.Remove(fragment);
        }
        else
        {
            if (_nextFragment == 0)
            {
                _startedEnd = message.Id + 1;
                _windowBytes += message.Data.Length;
            }
            _nextFragment = fragment.Index + 1 == message.States.Length ? 0 : fragment.Index + 1;
        }
        message.States[fragment.Index] = FragmentState.InFlight;
        return wasLost;
    }

    public void OnAcked(FragmentRef fragment)
    {
        if (!_messages.TryGetValue(fragment.MessageId, out var message) || message.States[fragment.Index] == FragmentState.Acked)
        {
            return;
        }
        if (message.States[fragment.Index] == FragmentState.Lost)
        {
            _lost.Remove(fragment);
        }
        message.States[fragment.Index] = FragmentState.Acked;
        message.AckedCount++;
        while (_oldest < _startedEnd && _messages.TryGetValue(_oldest, out var oldest) && oldest.IsAcked)
        {
            _messages.Remove(_oldest);
            QueuedBytes -= oldest.Data.Length;
            _windowBytes -= oldest.Data.Length;
            _oldest++;
        }
    }

    public void OnLost(FragmentRef fragment)
    {
        if (_messages.TryGetValue(fragment.MessageId, out var message) && message.States[fragment.Index] == FragmentState.InFlight)
        {
            message.States[fragment.Index] = FragmentState.Lost;
            _lost.Add(fragment);
        }
    }

    /// <summary>Forgets everything (the session is closing).</summary>
    public void Clear()
    {
        _messages.Clear();
        _lost.Clear();
        QueuedBytes = 0;
        _windowBytes = 0;
        _oldest = _startedEnd = _nextId;
        _nextFragment = 0;
    }

    private bool TryNextNew(out Message message)
    {
        if (_nextFragment > 0)
        {
            message = _messages[_startedEnd - 1]; // finish the message already started
            return true;
        }
        if (_startedEnd < _nextId
            && _startedEnd - _oldest < UdpLimits.MessageWindow
            && _windowBytes + _messages[_startedEnd].Data.Length <= UdpLimits.MessageWindowBytes)
        {
            message = _messages[_startedEnd];
            return true;
        }
        message = null!;
        return false;
    }
}
