using System.Net;
using Calico.Nftables.Tests.Infrastructure;

namespace Calico.Nftables.Tests.Model;

public sealed class SetElementTests
{
    [Theory]
    [InlineData("10.65.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("10.1.0.0/16", true)]
    [InlineData("0.0.0.0/0", true)]
    public void FromKernel_Ipv4Text_EqualsTheFactoryElementAndSpellsTheSame(string text, bool interval)
    {
        var fromKernel = SetElement.FromKernel(text, SetKeyType.Ipv4Address, interval);
        var fromFactory = Samples.Net(interval ? text : text + "/32");

        Assert.Equal(fromFactory, fromKernel);
        Assert.Equal(fromFactory.GetHashCode(), fromKernel.GetHashCode());
        Assert.Equal(text, fromKernel.Text);
        Assert.Equal(text, fromFactory.Text);
        Assert.True(fromKernel.TryGetPacked(out _), "an IPv4 element is held as bits, not a string");
    }

    [Fact]
    public void AddressProtocolPort_Ipv4_PackedAndEqualToTheConcatenationAndTheKernelsSpelling()
    {
        var member = SetElement.AddressProtocolPort(IPAddress.Parse("10.65.0.2"), 132, 65535);
        var concatenated = SetElement.Concat(SetElement.Address(IPAddress.Parse("10.65.0.2")), SetElement.Protocol(132), SetElement.Port(65535));
        var listed = SetElement.FromKernel("10.65.0.2 . 132 . 65535", SetKeyType.Ipv4AddressProtocolPort, false);

        Assert.Equal("10.65.0.2 . 132 . 65535", member.Text);
        Assert.Equal(member, concatenated);
        Assert.Equal(member, listed);
        Assert.True(member.TryGetPacked(out var packed));
        Assert.Equal(0x0a410002UL, packed & 0xffffffffUL);
        Assert.Equal((132UL, 65535UL), ((packed >> 32) & 0xff, (packed >> 40) & 0xffff));
    }

    [Theory]
    [InlineData("10.0.0.1-10.0.0.5", true)]     // a range: someone else's, kept as text
    [InlineData("010.0.0.1", false)]            // not nft's spelling
    [InlineData("10.0.0.1/24", false)]          // a prefix outside an interval element
    public void FromKernel_OtherIpv4Spellings_KeptAsTextVerbatim(string text, bool interval)
    {
        var element = SetElement.FromKernel(text, SetKeyType.Ipv4Address, interval);

        Assert.False(element.TryGetPacked(out _));
        Assert.Equal(text, element.Text);
        Assert.NotEqual(Samples.Ip("10.0.0.1"), element);
    }

    [Fact]
    public void SetElement_Packed_IsSixteenBytesAsBefore() => Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<SetElement>());

    [Fact]
    public void Address_Ipv6_NotPacked() => Assert.False(SetElement.Address(IPAddress.Parse("2001:db8::1")).TryGetPacked(out _));

    [Fact]
    public void Default_HasNoText()
    {
        Assert.Throws<InvalidOperationException>(() => default(SetElement).Text);
        Assert.NotEqual(default, Samples.Ip("0.0.0.0"));
    }

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
