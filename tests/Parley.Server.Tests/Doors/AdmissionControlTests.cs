using System.Net;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Doors;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Doors;

public sealed class AdmissionControlTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private AdmissionControl Control(Action<LimitOptions> configure)
    {
        var limits = new LimitOptions();
        configure(limits);
        return new AdmissionControl(limits, _time);
    }

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public void One_address_may_hold_its_maximum_at_once_and_another_when_one_goes()
    {
        var control = Control(l => l.MaxConnectionsPerIp = 2);
        Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
        Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
        Assert.Equal(AdmissionControl.TooManyFromAddress, control.TryAdmit(Ip("198.51.100.1")));
        Assert.Null(control.TryAdmit(Ip("198.51.100.2"))); // a neighbour is not this address

        control.Release(Ip("198.51.100.1"));
        Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
    }

    [Fact]
    public void An_ipv4_client_on_a_dual_mode_socket_counts_as_its_ipv4_address()
    {
        var control = Control(l => l.MaxConnectionsPerIp = 1);
        Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
        Assert.Equal(AdmissionControl.TooManyFromAddress, control.TryAdmit(Ip("::ffff:198.51.100.1")));
    }

    [Fact]
    public void Ipv6_addresses_count_together_by_their_64_bit_prefix()
    {
        var control = Control(l => l.MaxConnectionsPerIp = 2);
        Assert.Null(control.TryAdmit(Ip("2001:db8:1:2::1")));
        Assert.Null(control.TryAdmit(Ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.Equal(AdmissionControl.TooManyFromAddress, control.TryAdmit(Ip("2001:db8:1:2:abcd::9")));
        Assert.Null(control.TryAdmit(Ip("2001:db8:1:3::1"))); // the next /64 is someone else
    }

    [Fact]
    public void New_connections_a_minute_come_all_at_once_then_one_every_60_over_n_seconds()
    {
        var control = Control(l =>
        {
            l.ConnectionsPerIpPerMinute = 3;
            l.MaxConnectionsPerIp = 0;
        });
        var ip = Ip("203.0.113.5");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(control.TryAdmit(ip));
            control.Release(ip); // closing does not give the token back
        }
        Assert.Equal(AdmissionControl.TooFastFromAddress, control.TryAdmit(ip));
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(AdmissionControl.TooFastFromAddress, control.TryAdmit(ip));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(control.TryAdmit(ip));
        Assert.Equal(AdmissionControl.TooFastFromAddress, control.TryAdmit(ip));
    }

    [Fact]
    public void The_server_maximum_holds_for_everyone_even_exempt_addresses()
    {
        var control = Control(l =>
        {
            l.MaxConnections = 2;
            l.Exempt = "127.0.0.0/8";
        });
        Assert.Null(control.TryAdmit(Ip("127.0.0.1")));
        Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
        Assert.Equal(AdmissionControl.ServerFull, control.TryAdmit(Ip("127.0.0.1")));
        Assert.Equal(2, control.Open);
        control.Release(Ip("198.51.100.1"));
        Assert.Null(control.TryAdmit(Ip("127.0.0.1")));
    }

    [Fact]
    public void Exempt_addresses_skip_the_per_address_limits()
    {
        var control = Control(l =>
        {
            l.MaxConnectionsPerIp = 1;
            l.ConnectionsPerIpPerMinute = 1;
            l.Exempt = "127.0.0.0/8,::1/128";
        });
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(control.TryAdmit(Ip("127.0.0.1")));
            Assert.Null(control.TryAdmit(Ip("::1")));
        }
        Assert.Equal(0, control.GroupCount);
    }

    [Fact]
    public void Zero_turns_each_limit_off()
    {
        var control = Control(l =>
        {
            l.MaxConnections = 0;
            l.MaxConnectionsPerIp = 0;
            l.ConnectionsPerIpPerMinute = 0;
        });
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(control.TryAdmit(Ip("198.51.100.1")));
        }
    }

    [Fact]
    public void Forgotten_addresses_are_swept_so_the_table_does_not_grow_without_end()
    {
        var control = Control(l => l.ConnectionsPerIpPerMinute = 60);
        for (var i = 0; i < 5000; i++)
        {
            var ip = new IPAddress(0x0A000000u + (uint)i);
            Assert.Null(control.TryAdmit(ip));
            control.Release(ip);
            _time.Advance(TimeSpan.FromMilliseconds(10)); // every entry is spent after a second
        }
        Assert.InRange(control.GroupCount, 1, 2100);
    }

    [Fact]
    public void Ipv4_and_ipv6_groups_never_collide()
    {
        Assert.NotEqual(AdmissionControl.GroupOf(Ip("0.0.0.1")), AdmissionControl.GroupOf(Ip("::1")));
        Assert.NotEqual(AdmissionControl.GroupOf(Ip("0.0.0.0")), AdmissionControl.GroupOf(Ip("::")));
        Assert.Equal(AdmissionControl.GroupOf(Ip("::1")), AdmissionControl.GroupOf(Ip("::2")));
    }
}
