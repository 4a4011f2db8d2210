using System.Net;
using Calico.Node.Configuration;
using Calico.Node.Startup;

namespace Calico.Node.Tests.Startup;

/// <summary>IP_AUTODETECTION_METHOD parsing and the pure choice over (interface, addresses) lists.</summary>
public sealed class AutodetectionMethodTests
{
    private static readonly HostInterface[] Host =
    [
        Interface("vethab12", "198.18.7.1/24"),
        Interface("cali1234", "198.18.8.1/24"),
        Interface("docker0", "198.18.9.1/24"),
        Interface("eth1", "169.254.3.3/16", "198.18.1.11/24"),
        Interface("ens5", "198.18.5.1/24"),
        Interface("lo", "127.0.0.1/8"),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("first-found")]
    public void Parse_UnsetOrFirstFound_IsFirstFound(string? text) =>
        Assert.Equal(AutodetectionMethodKind.FirstFound, AutodetectionMethod.Parse(text).Kind);

    [Fact]
    public void Parse_InterfaceList_SplitsOnCommasIgnoringSpaces()
    {
        var method = AutodetectionMethod.Parse("interface=eth.*, ens[0-9]+");

        Assert.Equal(AutodetectionMethodKind.Interface, method.Kind);
        Assert.Equal(["eth.*", "ens[0-9]+"], method.InterfacePatterns);
    }

    [Fact]
    public void Parse_CidrsAndCanReach_KeepTheirArguments()
    {
        Assert.Equal(["198.18.0.0/16", "10.0.0.0/8"], AutodetectionMethod.Parse("cidr=198.18.0.0/16,10.0.0.5/8").Cidrs.Select(c => c.ToString()));
        Assert.Equal("198.18.5.7", AutodetectionMethod.Parse("can-reach=198.18.5.7").Destination);
        Assert.Equal("example.org", AutodetectionMethod.Parse("can-reach=example.org").Destination);
        Assert.Equal(AutodetectionMethodKind.SkipInterface, AutodetectionMethod.Parse("skip-interface=eth1").Kind);
    }

    [Theory]
    [InlineData("interface=(", "\"(\" is not a valid regular expression")]
    [InlineData("skip-interface=ok,[", "\"[\" is not a valid regular expression")]
    [InlineData("interface=", "at least one regular expression")]
    [InlineData("cidr=198.18.0.0", "\"198.18.0.0\" is not an IPv4 CIDR")]
    [InlineData("cidr=fd00::/64", "\"fd00::/64\" is not an IPv4 CIDR")]
    [InlineData("can-reach=", "needs one destination")]
    [InlineData("can-reach=fd00::1", "is not an IPv4 address")]
    [InlineData("kubernetes-internal-ip", "needs the Kubernetes API")]
    [InlineData("first-fund", "not one of first-found, interface=")]
    public void Parse_BadValue_NamesVariableValueAndReason(string text, string reason)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => AutodetectionMethod.Parse(text));

        Assert.StartsWith($"IP_AUTODETECTION_METHOD=\"{text}\" is not valid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_FirstFound_SkipsDefaultExclusionsAndNonGlobalAddresses()
    {
        var chosen = AutodetectionMethod.FirstFound.Choose(Host);

        Assert.Equal(new DetectedAddress("eth1", Address("198.18.1.11/24")), chosen);
    }

    [Fact]
    public void Choose_Interface_FirstInterfaceMatchingAnyRegex_NoDefaultExclusions()
    {
        Assert.Equal("ens5", AutodetectionMethod.Parse("interface=ens.*").Choose(Host).InterfaceName);
        Assert.Equal("docker0", AutodetectionMethod.Parse("interface=nomatch,^dock").Choose(Host).InterfaceName);
    }

    [Fact]
    public void Choose_SkipInterface_AddsToDefaultExclusions()
    {
        var chosen = AutodetectionMethod.Parse("skip-interface=^eth").Choose(Host);

        Assert.Equal(new DetectedAddress("ens5", Address("198.18.5.1/24")), chosen);
    }

    [Fact]
    public void Choose_Cidr_AnyInterfaceWithAnAddressInside()
    {
        Assert.Equal("docker0", AutodetectionMethod.Parse("cidr=198.18.9.0/24").Choose(Host).InterfaceName);
        Assert.Equal("ens5", AutodetectionMethod.Parse("cidr=10.0.0.0/8, 198.18.4.0/23").Choose(Host).InterfaceName);
    }

    [Fact]
    public void Choose_CanReach_TheSourceAddressWithItsInterfacePrefix()
    {
        var chosen = AutodetectionMethod.Parse("can-reach=198.18.5.7").Choose(Host, IPAddress.Parse("198.18.5.1"));

        Assert.Equal(new DetectedAddress("ens5", Address("198.18.5.1/24")), chosen);
    }

    [Fact]
    public void Choose_NothingMatches_MessageNamesVariableValueAndWhatWasSeen()
    {
        var error = Assert.Throws<NodeRegistrationException>(() => AutodetectionMethod.Parse("interface=wlan.*").Choose(Host));

        Assert.Contains("IP_AUTODETECTION_METHOD=\"interface=wlan.*\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("no global IPv4 address found on interfaces matching wlan.*", error.Message, StringComparison.Ordinal);
        Assert.Contains("eth1 169.254.3.3/16, 198.18.1.11/24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_FirstFoundOnlyExcludedOrLocal_Fails()
    {
        var error = Assert.Throws<NodeRegistrationException>(() => AutodetectionMethod.FirstFound.Choose([Interface("lo", "127.0.0.1/8"), Interface("cali1", "198.18.8.1/24")]));

        Assert.Contains("Calico's default exclusions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_CanReachSourceOnNoInterface_Fails()
    {
        var error = Assert.Throws<NodeRegistrationException>(() => AutodetectionMethod.Parse("can-reach=198.18.5.7").Choose(Host, IPAddress.Parse("203.0.113.1")));

        Assert.Contains("203.0.113.1", error.Message, StringComparison.Ordinal);
    }

    private static HostInterface Interface(string name, params string[] addresses) => new(name, [.. addresses.Select(Address)]);

    private static HostAddress Address(string text)
    {
        Assert.True(HostAddress.TryParse(text, out var address, out var prefix));
        return new HostAddress(address, prefix!.Value);
    }
}
