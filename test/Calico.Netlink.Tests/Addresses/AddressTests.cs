using System.Net;
using System.Net.Sockets;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Addresses;

[Collection(KernelCollection.Name)]
public sealed class AddressTests
{
    [RootFact]
    public void Add_IPv4Slash32AndIPv6Slash128_ReadBackThroughNetlinkAndIp()
    {
        using var ns = TestNamespace.Create("nl", "addr");
        var link = TestLinks.Create(ns.Netlink, "eth0");
        var v4 = new InterfaceAddress(link.Index, IPAddress.Parse("10.65.0.5"), 32);
        var v6 = new InterfaceAddress(link.Index, IPAddress.Parse("fd00:10:65::5"), 128) { Flags = AddressFlags.NoDad };

        ns.Netlink.Addresses.Add(v4);
        ns.Netlink.Addresses.Add(v6);

        var ipv4 = Assert.Single(ns.Netlink.Addresses.List(AddressFamily.InterNetwork, link.Index));
        Assert.Equal(IPAddress.Parse("10.65.0.5"), ipv4.Address);
        Assert.Equal(32, ipv4.PrefixLength);
        Assert.Equal(RouteScope.Universe, ipv4.Scope);
        var ipv6 = Assert.Single(ns.Netlink.Addresses.List(AddressFamily.InterNetworkV6, link.Index), a => !a.Address.IsIPv6LinkLocal);
        Assert.Equal(IPAddress.Parse("fd00:10:65::5"), ipv6.Address);
        Assert.Equal(128, ipv6.PrefixLength);
        Assert.True((ipv6.Flags & AddressFlags.NoDad) != 0);

        var json = Assert.Single(ns.IpJson("addr", "show", "dev", "eth0").EnumerateArray()).GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();
        Assert.Contains("10.65.0.5/32", json);
        Assert.Contains("fd00:10:65::5/128", json);
    }

    [RootFact]
    public void Add_Duplicate_ThrowsEexist_ReplaceSucceeds()
    {
        using var ns = TestNamespace.Create("nl", "addrdup");
        var link = TestLinks.Create(ns.Netlink, "eth0", up: false);
        var address = new InterfaceAddress(link.Index, IPAddress.Parse("192.0.2.7"), 24);
        ns.Netlink.Addresses.Add(address);

        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Addresses.Add(address));
        ns.Netlink.Addresses.Replace(address);
        ns.Netlink.Addresses.Replace(new InterfaceAddress(link.Index, IPAddress.Parse("192.0.2.8"), 24));

        Assert.StartsWith("add address 192.0.2.7/24 dev eth0: File exists (EEXIST)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.7", "192.0.2.8"], ns.Netlink.Addresses.List(AddressFamily.InterNetwork, link.Index).Select(a => a.Address.ToString()).Order());
        Assert.Equal(2, Assert.Single(ns.IpJson("-4", "addr", "show", "dev", "eth0").EnumerateArray()).GetProperty("addr_info").GetArrayLength());
    }

    [RootFact]
    public void Delete_RemovesAddress_SecondDeleteFails()
    {
        using var ns = TestNamespace.Create("nl", "addrdel");
        var link = TestLinks.Create(ns.Netlink, "eth0", up: false);
        var address = new InterfaceAddress(link.Index, IPAddress.Parse("192.0.2.8"), 32);
        ns.Netlink.Addresses.Add(address);

        ns.Netlink.Addresses.Delete(address);

        Assert.Empty(ns.Netlink.Addresses.List(AddressFamily.InterNetwork, link.Index));
        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Addresses.Delete(address));
        Assert.True(error.IsNotFound, error.Message);
    }
}
