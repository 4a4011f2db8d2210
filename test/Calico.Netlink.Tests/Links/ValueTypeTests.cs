using Calico.Core;

namespace Calico.Netlink.Tests.Links;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("ee:ee:ee:ee:ee:ee")]
    [InlineData("02:42:0a:41:00:05")]
    public void MacAddress_ParseAndFormat_RoundTrips(string text) =>
        Assert.Equal(text, MacAddress.Parse(text).ToString());

    [Theory]
    [InlineData("EE-EE-EE-EE-EE-EE", "ee:ee:ee:ee:ee:ee")]
    [InlineData("00:00:00:00:00:01", "00:00:00:00:00:01")]
    public void MacAddress_OtherSpellings_Normalised(string text, string expected) =>
        Assert.Equal(expected, MacAddress.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("ee:ee:ee:ee:ee")]
    [InlineData("gg:ee:ee:ee:ee:ee")]
    [InlineData("ee.ee.ee.ee.ee.ee")]
    public void MacAddress_Invalid_Rejected(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void MacAddress_Bytes_RoundTrip() =>
        Assert.Equal(MacAddress.CalicoHostSide, MacAddress.FromBytes(MacAddress.CalicoHostSide.ToBytes()));

    [Theory]
    [InlineData("eth0")]
    [InlineData("cali0123456789a")]
    [InlineData("vxlan.calico")]
    public void LinkName_Valid_Accepted(string name) => Assert.Equal(name, new LinkName(name).Value);

    [Theory]
    [InlineData("")]
    [InlineData("cali0123456789ab")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("a b")]
    [InlineData("..")]
    public void LinkName_Invalid_Rejected(string name) => Assert.Throws<ArgumentException>(() => new LinkName(name));

    [Fact]
    public void LinkIndex_ZeroOrNegative_Rejected() => Assert.Throws<ArgumentOutOfRangeException>(() => new LinkIndex(0));

    [Fact]
    public void Route_ToString_ReadsLikeIpRoute()
    {
        var route = new Route(Cidr.Parse("10.65.1.0/26"))
        {
            Gateway = System.Net.IPAddress.Parse("10.65.1.0"),
            Link = new LinkIndex(5),
            Flags = RouteFlags.OnLink,
            Protocol = RouteProtocol.Boot,
        };

        Assert.Equal("10.65.1.0/26 via 10.65.1.0 dev #5 proto boot onlink", route.ToString());
        Assert.Equal("blackhole default table 100", new Route(Cidr.Parse("0.0.0.0/0")) { Type = RouteType.Blackhole, Table = new RouteTable(100) }.ToString());
    }

    [Fact]
    public void NetlinkException_Message_NamesOperationErrorAndErrno()
    {
        var error = new NetlinkException("add route 192.168.0.5/32 dev cali1234", Errno.EEXIST, "Route exists");

        Assert.Equal("add route 192.168.0.5/32 dev cali1234: File exists (EEXIST); kernel says: Route exists", error.Message);
        Assert.True(error.IsAlreadyExists);
    }
}
