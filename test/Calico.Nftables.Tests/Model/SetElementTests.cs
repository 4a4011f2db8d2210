using System.Net;
using Calico.Nftables.Tests.Infrastructure;

namespace Calico.Nftables.Tests.Model;

public sealed class SetElementTests
{
    [Fact]
    public void Network_HostPrefix_IsThePlainAddress()
    {
        Assert.Equal(SetElement.Address(IPAddress.Parse("10.0.0.1")), Samples.Net("10.0.0.1/32"));
        Assert.False(Samples.Net("10.0.0.1/32").NeedsInterval);
    }

    [Fact]
    public void Network_ShorterPrefix_NeedsInterval()
    {
        var element = Samples.Net("10.1.0.0/16");

        Assert.Equal("10.1.0.0/16", element.Text);
        Assert.True(element.NeedsInterval);
        Assert.Equal(SetKeyType.Ipv4Address, element.KeyType);
    }

    [Fact]
    public void Address_Ipv6_CanonicalText()
    {
        var element = SetElement.Address(IPAddress.Parse("2001:DB8:0:0::1"));

        Assert.Equal("2001:db8::1", element.Text);
        Assert.Equal(SetKeyType.Ipv6Address, element.KeyType);
    }

    [Fact]
    public void AddressProtocolPort_NamedPort_ConcatenatesWithNumbers()
    {
        var element = Samples.Http("10.0.0.2");

        Assert.Equal("10.0.0.2 . 6 . 80", element.Text);
        Assert.Equal(SetKeyType.Ipv4AddressProtocolPort, element.KeyType);
        Assert.Equal("ipv4_addr . inet_proto . inet_service", element.KeyType.ToString());
    }

    [Fact]
    public void InterfaceName_IsQuoted() => Assert.Equal("\"cali1234\"", SetElement.InterfaceName("cali1234").Text);

    [Fact]
    public void InterfaceName_Wildcard_Rejected() => Assert.Throws<ArgumentException>(() => SetElement.InterfaceName("cali*"));

    [Fact]
    public void Concat_OnePart_Rejected() => Assert.Throws<ArgumentException>(() => SetElement.Concat(SetElement.Port(80)));

    [Fact]
    public void SetKeyType_Of_RoundTripsKinds()
    {
        var type = SetKeyType.Of(SetKeyKind.InetProto, SetKeyKind.InetService);

        Assert.Equal(SetKeyType.ProtocolPort, type);
        Assert.Equal([SetKeyKind.InetProto, SetKeyKind.InetService], type.Kinds);
        Assert.True(type.IsConcatenation);
    }
}
