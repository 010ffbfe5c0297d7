using Parley.Protocol.Udp.Wire;

namespace Parley.Protocol.Udp.Reliability;

/// <summary>What <see cref="IncomingMessages.Check"/> says about a fragment.</summary>
internal enum FragmentVerdict
{
    /// <summary>Not seen before and within the window: store it.</summary>
    New,

    /// <summary>Already stored or already delivered: acknowledge, ignore.</summary>
    Duplicate,

    /// <summary>Too far ahead of the next message to deliver: refuse the whole packet and do not acknowledge it.</summary>
    OutsideWindow,

    /// <summary>Contradicts what arrived before (another fragment count for the same message) or makes a message too
    /// large: the peer breaks the protocol.</summary>
    Violation,
}

/// <summary>The receiving half of the message stream: fragments in any order, duplicates ignored, messages handed
/// out whole, exactly once, in id order. It holds at most <see cref="UdpLimits.MessageWindow"/> messages and
/// <see cref="UdpLimits.MessageWindowBytes"/> bytes of messages beyond the next one (which adds at most
/// <see cref="UdpLimits.MaxMessageSize"/>).</summary>
internal sealed class IncomingMessages
{
    private sealed class Partial(int count)
    {
        public ReadOnlyMemory<byte>?[] Fragments { get; } = new ReadOnlyMemory<byte>?[count];

        public int Received { get; set; }

        public int Bytes { get; set; }

        public bool IsComplete => Received == Fragments.Length;
    }

    private readonly Dictionary<ulong, Partial> _partials = [];

    /// <summary>The id of the next message to deliver.</summary>
    public ulong NextExpected { get; private set; }

    /// <summary>Bytes held that cannot be delivered yet.</summary>
    public int BufferedBytes { get; private set; }

    /// <summary>The part of <see cref="BufferedBytes"/> that belongs to the next message to deliver.</summary>
    private int NextMessageBytes => _partials.TryGetValue(NextExpected, out var next) ? next.Bytes : 0;

    /// <summary>Judges a fragment without storing it; <paramref name="cost"/> is the bytes storing it would add to the
    /// reordering buffer (0 for the next message to deliver: it is always taken, since refusing it could never
    /// free the buffer, and it adds at most one message).</summary>
    public FragmentVerdict Check(FragmentFrame fragment, out int cost, out string violation)
    {
        cost = 0;
        violation = "";
        if (fragment.MessageId < NextExpected)
        {
            return FragmentVerdict.Duplicate;
        }
        if (fragment.MessageId - NextExpected >= UdpLimits.MessageWindow)
        {
            return FragmentVerdict.OutsideWindow;
        }
        if (_partials.TryGetValue(fragment.MessageId, out var partial))
        {
            if (partial.Fragments.Length != fragment.Count)
            {
                violation = $"message {fragment.MessageId} sent as {partial.Fragments.Length} and as {fragment.Count} fragments";
                return FragmentVerdict.Violation;
            }
            if (partial.Fragments[fragment.Index] is not null)
            {
                return FragmentVerdict.Duplicate;
            }
            if (partial.Bytes + fragment.Payload.Length > UdpLimits.MaxMessageSize)
            {
                violation = $"message {fragment.MessageId} is larger than {UdpLimits.MaxMessageSize} bytes";
                return FragmentVerdict.Violation;
            }
        }
        cost = fragment.MessageId == NextExpected ? 0 : fragment.Payload.Length;
        return FragmentVerdict.New;
    }

    /// <summary>Whether <paramref name="bytes"/> more fit the reordering buffer.</summary>
    public bool HasRoomFor(long bytes) => BufferedBytes - NextMessageBytes + bytes <= UdpLimits.MessageWindowBytes;

    /// <summary>Stores a fragment that <see cref="Check"/> called new; duplicates are ignored, since an accepted packet
    /// may carry them beside its new fragments.</summary>
    public void Add(FragmentFrame fragment)
    {
        if (fragment.MessageId < NextExpected)
        {
            // A resent copy of a message already delivered: storing it would start a partial message that is never
            // taken, and such leftovers would fill the reordering buffer until every packet is refused.
            return;
        }
        if (!_partials.TryGetValue(fragment.MessageId, out var partial))
        {
            partial = new Partial(fragment.Count);
            _partials[fragment.MessageId] = partial;
        }
        if (partial.Fragments[fragment.Index] is not null)
        {
            return; // the same fragment twice in one packet
        }
        partial.Fragments[fragment.Index] = fragment.Payload;
        partial.Received++;
        partial.Bytes += fragment.Payload.Length;
        BufferedBytes += fragment.Payload.Length;
    }

    /// <summary>Takes the next message if all its fragments are in.</summary>
    public bool TryTakeNext(out ReadOnlyMemory<byte> message)
    {
        if (!_partials.TryGetValue(NextExpected, out var partial) || !partial.IsComplete)
        {
            message = default;
            return false;
        }
        _partials.Remove(NextExpected);
        NextExpected++;
        BufferedBytes -= partial.Bytes;
        if (partial.Fragments.Length == 1)
        {
            message = partial.Fragments[0]!.Value;
            return true;
        }
        var whole = new byte[partial.Bytes];
        var offset = 0;
        foreach (var piece in partial.Fragments)
        {
            piece!.Value.CopyTo(whole.AsMemory(offset));
            offset += piece.Value.Length;
        }
        message = whole;
        return true;
    }
}
