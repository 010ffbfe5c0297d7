using System.Net;

namespace Parley.Server.Hosting;

/// <summary>A list of IP ranges in CIDR notation (the Limits:Exempt setting), matched against client addresses.</summary>
public sealed class AddressRanges
{
    private readonly IPNetwork[] _networks;

    private AddressRanges(IPNetwork[] networks) => _networks = networks;

    /// <summary>No range at all: nothing is contained.</summary>
    public static AddressRanges None { get; } = new([]);

    /// <summary>The ranges, as parsed.</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses a comma-separated list such as "127.0.0.0/8, ::1/128"; a bare address means itself alone.
    /// Returns false with a one-line <paramref name="error"/> naming the first entry that is not a range.</summary>
    public static bool TryParse(string? text, out AddressRanges ranges, out string error)
    {
        ranges = None;
        error = string.Empty;
        var networks = new List<IPNetwork>();
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                error = $"'{entry}' is not an address range (write it as 192.0.2.0/24 or 2001:db8::/32)";
                return false;
            }
        }
        ranges = networks.Count == 0 ? None : new AddressRanges([.. networks]);
        return true;
    }

    /// <summary>Parses as <see cref="TryParse"/> does; throws <see cref="FormatException"/> on a bad entry.</summary>
    public static AddressRanges Parse(string? text) =>
        TryParse(text, out var ranges, out var error) ? ranges : throw new FormatException(error);

    /// <summary>Whether <paramref name="address"/> is in one of the ranges (an IPv4-mapped IPv6 address counts as its
    /// IPv4 address).</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null || _networks.Length == 0)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
