using System.Buffers.Binary;
using System.Net;
using Parley.Server.Commands.Operator;
using Parley.Server.Hosting;
using Parley.Server.Hub;

namespace Parley.Server.Doors;

/// <summary>Decides at accept time whether a new connection may stay: the server's maximum of connections, and per
/// address group (one IPv4 address, or one IPv6 /64, which one subscriber usually holds whole) a maximum at once and a
/// maximum of new connections a minute. Addresses in Limits:Exempt skip the per-group limits, not the global one.
/// D-lines (<see cref="ServerBans"/>) are refused here first, before a connection costs a session.</summary>
/// <remarks>Shared by every TCP door of a server. Accept loops call <see cref="TryAdmit"/> and finishing connections call
/// <see cref="Release"/> from any thread, so the counters sit behind one lock, held for a dictionary lookup and never
/// across I/O. The rate is a token bucket per group (GCRA's one timestamp), so a group costs two numbers; groups with
/// nothing open and a full bucket are swept once the table has grown, so a stream of new addresses cannot grow it
/// without end.</remarks>
public sealed class AdmissionControl
{
    /// <summary>The reason given when the server holds <see cref="LimitOptions.MaxConnections"/> already.</summary>
    public const string ServerFull = "Server is full";

    /// <summary>The reason given past <see cref="LimitOptions.MaxConnectionsPerIp"/>.</summary>
    public const string TooManyFromAddress = "Too many connections from your IP";

    /// <summary>The reason given past <see cref="LimitOptions.ConnectionsPerIpPerMinute"/>.</summary>
    public const string TooFastFromAddress = "Too many new connections from your IP; try again later";

    private const int SweepAtLeast = 1024;

    private readonly object _lock = new();
    private readonly Dictionary<UInt128, Group> _groups = [];
    private readonly TimeProvider _time;
    private readonly ServerBans? _bans;
    private readonly AddressRanges _exempt;
    private readonly int _maxConnections;
    private readonly int _maxPerGroup;
    private readonly long _interval;
    private readonly long _tolerance;
    private int _open;
    private int _sweepAt = SweepAtLeast;

    /// <summary>Counts connections under <paramref name="limits"/>, with <paramref name="time"/> for the rate, and refuses
    /// addresses D-lined in <paramref name="bans"/> (whose address list is safe to read from any thread).</summary>
    public AdmissionControl(LimitOptions limits, TimeProvider time, ServerBans? bans = null)
    {
        _time = time;
        _bans = bans;
        _exempt = AddressRanges.Parse(limits.Exempt);
        _maxConnections = limits.MaxConnections;
        _maxPerGroup = limits.MaxConnectionsPerIp;
        if (limits.ConnectionsPerIpPerMinute > 0)
        {
            _interval = TimeSpan.FromMinutes(1).Ticks / limits.ConnectionsPerIpPerMinute;
            _tolerance = (limits.ConnectionsPerIpPerMinute - 1) * _interval;
        }
    }

    /// <summary>How many connections are admitted and not yet released.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>How many address groups are remembered (for the sweep's test).</summary>
    public int GroupCount
    {
        get
        {
            lock (_lock)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>Admits a connection from <paramref name="address"/> (null when the peer's address is unknown) and
    /// returns null, or returns why not. An admitted connection must be released exactly once.</summary>
    public string? TryAdmit(IPAddress? address)
    {
        var exempt = address is null || _exempt.Contains(address);
        var time = _time.GetUtcNow();
        if (_bans?.FindAddressBan(address, time) is { } ban)
        {
            return ServerBanActions.AddressRefusal(ban);
        }
        var now = time.UtcTicks;
        lock (_lock)
        {
            if (_maxConnections > 0 && _open >= _maxConnections)
            {
                return ServerFull;
            }
            if (!exempt)
            {
                var key = GroupOf(address!);
                if (!_groups.TryGetValue(key, out var group))
                {
                    SweepIfLarge(now);
                    group = new Group();
                    _groups.Add(key, group);
                }
                if (_maxPerGroup > 0 && group.Open >= _maxPerGroup)
                {
                    return TooManyFromAddress;
                }
                if (_interval > 0)
                {
                    var due = Math.Max(group.Due, now);
                    if (due - now > _tolerance)
                    {
                        return TooFastFromAddress;
                    }
                    group.Due = due + _interval;
                }
                group.Open++;
            }
            _open++;
            return null;
        }
    }

    /// <summary>Counts an admitted connection from <paramref name="address"/> as gone.</summary>
    public void Release(IPAddress? address)
    {
        var exempt = address is null || _exempt.Contains(address);
        lock (_lock)
        {
            _open--;
            if (!exempt && _groups.TryGetValue(GroupOf(address!), out var group))
            {
                group.Open--;
            }
        }
    }

    /// <summary>The group an address counts in: an IPv4 address alone (kept as its IPv4-mapped form), an IPv6 address
    /// by its first 64 bits. The two never collide: mapped addresses have bits in the low half, /64 keys none.</summary>
    internal static UInt128 GroupOf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address.MapToIPv6().TryWriteBytes(bytes, out _);
            return BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        return (UInt128)BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64;
    }

    private void SweepIfLarge(long now)
    {
        if (_groups.Count < _sweepAt)
        {
            return;
        }
        foreach (var (key, group) in _groups)
        {
            if (group.Open == 0 && group.Due <= now)
            {
                _groups.Remove(key); // allowed while enumerating a Dictionary since .NET Core 3.0
            }
        }
        _sweepAt = Math.Max(SweepAtLeast, _groups.Count * 2);
    }

    private sealed class Group
    {
        public int Open;
        public long Due;
    }
}
