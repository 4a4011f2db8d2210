using System.Net;
using System.Text.Json.Nodes;
using Calico.Cni.Protocol;

namespace Calico.Cni.Tests;

public class CniResultJsonTests
{
    private static readonly CniResult Result = new(
        [new CniInterface("cali123", "ee:ee:ee:ee:ee:ee", null), new CniInterface("eth0", "02:00:00:00:00:01", "/var/run/netns/p")],
        [new CniIpConfig(IPAddress.Parse("192.168.0.5"), 32, null, 1), new CniIpConfig(IPAddress.Parse("fd00::5"), 128, null, 1)],
        [new CniRoute("0.0.0.0/0", null)]);

    [Theory]
    [InlineData("0.3.1", true)]
    [InlineData("0.4.0", true)]
    [InlineData("1.0.0", false)]
    public void Write_PerVersion_IpsCarryVersionOnlyBefore1(string version, bool withVersion)
    {
        var json = JsonNode.Parse(CniResultJson.Write(Result, version))!;

        Assert.Equal(version, (string?)json["cniVersion"]);
        Assert.Equal("192.168.0.5/32", (string?)json["ips"]![0]!["address"]);
        Assert.Equal(1, (int?)json["ips"]![0]!["interface"]);
        Assert.Equal(withVersion ? "6" : null, (string?)json["ips"]![1]!["version"]);
        Assert.Equal("/var/run/netns/p", (string?)json["interfaces"]![1]!["sandbox"]);
    }

    [Fact]
    public void Read_WhatWriteWrote_RoundTrips()
    {
        var back = CniResultJson.Read(JsonNode.Parse(CniResultJson.Write(Result, "0.4.0"))!.AsObject());

        Assert.Equal(Result.Ips.Select(i => i.AddressText), back.Ips.Select(i => i.AddressText));
        Assert.Equal(Result.Interfaces, back.Interfaces);
    }

    [Fact]
    public void WriteError_HasCodeMsgDetails()
    {
        var json = JsonNode.Parse(CniResultJson.WriteError(new CniException(CniErrorCode.NoAddressAvailable, "pool full", "pool default"), "1.0.0"))!;

        Assert.Equal(100, (int?)json["code"]);
        Assert.Equal("pool full", (string?)json["msg"]);
        Assert.Equal("pool default", (string?)json["details"]);
    }

    [Fact]
    public void WriteVersion_ListsSupportedVersions()
    {
        var json = JsonNode.Parse(CniResultJson.WriteVersion("1.0.0"))!;
        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0"], json["supportedVersions"]!.AsArray().Select(v => (string?)v));
    }
}
