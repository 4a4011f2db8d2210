using System.Net;
using Calico.Node.Configuration;
using Calico.Node.Startup;

namespace Calico.Node.Tests.Startup;

/// <summary>IP, AS and CALICO_NETWORKING_BACKEND through NodeOptionsLoader.</summary>
public sealed class RegistrationOptionsTests
{
    private static NodeOptions Load(params (string Name, string Value)[] variables) =>
        NodeOptionsLoader.Load(variables.ToDictionary(v => v.Name, v => (string?)v.Value), () => "host");

    [Fact]
    public void Load_Unset_DefaultAddressFirstFoundInheritedAsBird()
    {
        var options = Load();

        Assert.Equal(Ipv4AddressMode.Default, options.Ipv4Address.Mode);
        Assert.Equal(AutodetectionMethodKind.FirstFound, options.Ipv4AutodetectionMethod.Kind);
        Assert.Null(options.AsNumber);
        Assert.Equal(NetworkingBackend.Bird, options.NetworkingBackend);
    }

    [Theory]
    [InlineData("198.18.0.11/24", 24)]
    [InlineData("198.18.0.11", null)]
    public void Load_ExplicitIp_KeepsAddressAndPrefix(string text, int? prefix)
    {
        var setting = Load(("IP", text)).Ipv4Address;

        Assert.Equal(Ipv4AddressMode.Explicit, setting.Mode);
        Assert.Equal(IPAddress.Parse("198.18.0.11"), setting.Address);
        Assert.Equal(prefix, setting.PrefixLength);
    }

    [Theory]
    [InlineData("autodetect", Ipv4AddressMode.Autodetect)]
    [InlineData("none", Ipv4AddressMode.None)]
    public void Load_IpKeywords(string text, Ipv4AddressMode mode) => Assert.Equal(mode, Load(("IP", text)).Ipv4Address.Mode);

    [Theory]
    [InlineData("198.18.0.300")]
    [InlineData("fd00::1")]
    [InlineData("198.18.0.1/33")]
    [InlineData("auto")]
    public void Load_BadIp_NamesVariable(string text)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load(("IP", text)));

        Assert.Contains($"IP=\"{text}\" is not an IPv4 address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64512", 64512L)]
    [InlineData("4294967295", 4294967295L)]
    [InlineData("1.10", 65546L)]
    [InlineData("65535.65535", 4294967295L)]
    public void Load_AsNumber_PlainOrDotted(string text, long expected) => Assert.Equal(expected, Load(("AS", text)).AsNumber);

    [Theory]
    [InlineData("4294967296")]
    [InlineData("65536.1")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    public void Load_BadAsNumber_NamesVariable(string text)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load(("AS", text)));

        Assert.Contains($"AS=\"{text}\" is not an AS number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NetworkingBackend()
    {
        Assert.Equal(NetworkingBackend.Vxlan, Load(("CALICO_NETWORKING_BACKEND", "vxlan")).NetworkingBackend);
        Assert.Equal(NetworkingBackend.None, Load(("CALICO_NETWORKING_BACKEND", "none")).NetworkingBackend);
        Assert.Contains("CALICO_NETWORKING_BACKEND=\"gobgp\"", Assert.Throws<NodeConfigurationException>(() => Load(("CALICO_NETWORKING_BACKEND", "gobgp"))).Message, StringComparison.Ordinal);
    }
}
