using Calico.Core;

namespace Calico.Api.Tests;

public class CidrTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0/16", false)]
    [InlineData("192.168.0.0/16", "192.168.255.0/24", true)]
    [InlineData("fd00::/48", "fd00:0:0:1::/64", true)]
    [InlineData("fd00::/48", "10.0.0.0/8", false)]
    public void Overlaps_Pairs(string a, string b, bool expected) =>
        Assert.Equal(expected, Cidr.Parse(a).Overlaps(Cidr.Parse(b)));

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/33")]
    [InlineData("x/8")]
    public void TryParse_Invalid_Fails(string text) => Assert.False(Cidr.TryParse(text, out _, out _));

    [Fact]
    public void TryParseLenient_BareAddress_IsHostRoute() =>
        Assert.Equal("10.1.2.3/32", Cidr.TryParseLenient("10.1.2.3", out var c) ? c.ToString() : null);
}
