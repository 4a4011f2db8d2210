using System.Net;
using Calico.Node.Startup;
using Calico.Testing;

namespace Calico.Node.Tests.Startup;

/// <summary>
/// Autodetection against a real kernel: a test namespace with veth interfaces named like a node's (ens5, eth1) and like
/// the ones Calico skips (docker0, cali…, veth…), read through rtnetlink opened on that namespace; can-reach uses a UDP
/// socket created inside it. The root namespace's addresses and routes are only read, before and after.
/// </summary>
public sealed class AddressAutodetectorKernelTests
{
    [PrivilegedFact]
    public async Task Detect_EachMethod_PicksTheExpectedAddress()
    {
        using var guard = new RootStateGuard("the root namespace's addresses and routes", () => ProcessRunner.Run("ip", "-o", "addr") + ProcessRunner.Run("ip", "route"));
        using var test = TestNamespace.Create("cn", "ad");
        test.Ip("link", "set", "lo", "up");
        // Created in this order, so interface indexes rise: first-found walks from the highest index down.
        Veth(test, "ens5", "198.18.5.1/24");
        Veth(test, "eth1", "169.254.3.3/16", "198.18.1.11/24");
        Veth(test, "docker0", "198.18.9.1/24");
        Veth(test, "cali12345", "198.18.8.1/24");
        Veth(test, "vethab12", "198.18.7.1/24");
        test.Ip("route", "add", "default", "via", "198.18.1.254");
        var detector = new AddressAutodetector(test.Netlink);

        async Task<string> Detect(string method)
        {
            var detected = await detector.DetectAsync(AutodetectionMethod.Parse(method), CancellationToken.None);
            return $"{detected.InterfaceName} {detected.Address}";
        }

        Assert.Equal("eth1 198.18.1.11/24", await Detect("first-found"));
        Assert.Equal("ens5 198.18.5.1/24", await Detect("interface=ens.*"));
        Assert.Equal("ens5 198.18.5.1/24", await Detect("skip-interface=^eth"));
        Assert.Equal("docker0 198.18.9.1/24", await Detect("cidr=198.18.9.0/24"));
        Assert.Equal("ens5 198.18.5.1/24", await Detect("can-reach=198.18.5.7"));
        Assert.Equal("eth1 198.18.1.11/24", await Detect("can-reach=203.0.113.9"));
        var error = await Assert.ThrowsAsync<NodeRegistrationException>(() => Detect("interface=wlan0"));
        Assert.Contains("IP_AUTODETECTION_METHOD=\"interface=wlan0\"", error.Message, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Detect_CanReachWithoutRoute_FailsNamingTheDestination()
    {
        using var test = TestNamespace.Create("cn", "nr");
        test.Ip("link", "set", "lo", "up");
        Veth(test, "eth1", "198.18.1.11/24");
        var detector = new AddressAutodetector(test.Netlink);

        var error = await Assert.ThrowsAsync<NodeRegistrationException>(
            () => detector.DetectAsync(AutodetectionMethod.Parse("can-reach=203.0.113.9"), CancellationToken.None).AsTask());

        Assert.Contains("no route to 203.0.113.9", error.Message, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public void Complete_AddressWithoutPrefix_TakesTheInterfacePrefixElse32()
    {
        using var test = TestNamespace.Create("cn", "cp");
        Veth(test, "eth1", "198.18.1.11/24");
        var detector = new AddressAutodetector(test.Netlink);

        Assert.Equal("198.18.1.11/24", detector.Complete(IPAddress.Parse("198.18.1.11"), null).ToString());
        Assert.Equal("198.18.1.12/32", detector.Complete(IPAddress.Parse("198.18.1.12"), null).ToString());
        Assert.Equal("198.18.1.12/20", detector.Complete(IPAddress.Parse("198.18.1.12"), 20).ToString());
    }

    private static void Veth(TestNamespace test, string name, params string[] addresses)
    {
        test.Ip("link", "add", name, "type", "veth", "peer", "name", "p" + name[..Math.Min(name.Length, 13)]);
        foreach (var address in addresses)
        {
            test.Ip("addr", "add", address, "dev", name);
        }

        test.Ip("link", "set", name, "up");
        test.Ip("link", "set", "p" + name[..Math.Min(name.Length, 13)], "up");
    }
}
