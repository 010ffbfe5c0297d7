using System.Net;

namespace Parley.Server.Doors;

/// <summary>The host part of hostmasks for a peer's address, the same for every door.</summary>
public static class PeerHost
{
    /// <summary>The IP in text, IPv4-mapped addresses as IPv4, never starting with ':' (which would break IRC's
    /// parameter syntax: "::1" becomes "0::1").</summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var text = address.ToString();
        return text.StartsWith(':') ? "0" + text : text;
    }
}
