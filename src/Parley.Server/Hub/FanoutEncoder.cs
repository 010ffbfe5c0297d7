using Parley.Protocol.Irc;

namespace Parley.Server.Hub;

/// <summary>Encodes one message for many recipients, once per distinct (wire format, encoding key).</summary>
/// <remarks>A room of 1,000 IRC clients with two capability sets costs two encodings, and every recipient's queue
/// holds a reference to the same bytes.</remarks>
internal struct FanoutEncoder(IrcMessage message)
{
    private (IWireFormat Format, int Key, ReadOnlyMemory<byte> Bytes) _a, _b, _c, _d;
    private int _count;

    public readonly IrcMessage Message => message;

    public ReadOnlyMemory<byte> EncodeFor(Session recipient)
    {
        var format = recipient.Format;
        var key = format.EncodingKey(recipient);
        if (key == IWireFormat.Unshared)
        {
            return format.Encode(message, recipient);
        }
        if (_count > 0 && _a.Format == format && _a.Key == key) { return _a.Bytes; }
        if (_count > 1 && _b.Format == format && _b.Key == key) { return _b.Bytes; }
        if (_count > 2 && _c.Format == format && _c.Key == key) { return _c.Bytes; }
        if (_count > 3 && _d.Format == format && _d.Key == key) { return _d.Bytes; }
        var bytes = format.Encode(message, recipient);
        switch (_count)
        {
            case 0: _a = (format, key, bytes); break;
            case 1: _b = (format, key, bytes); break;
            case 2: _c = (format, key, bytes); break;
            default: _d = (format, key, bytes); break; // beyond four distinct sets, keep the newest
        }
        _count = Math.Min(_count + 1, 4);
        return bytes;
    }
}
